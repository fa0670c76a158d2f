using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Outdial.Scripts;

namespace Outdial.Components.Scripts;

/// <summary>Settings → Call scripts → one script: its elements edited in place, with a live preview.</summary>
public sealed partial class CallScriptDesigner
{
    private static readonly IReadOnlyDictionary<string, string?> ExampleContact = new Dictionary<string, string?>
    {
        ["firstName"] = "Jana", ["lastName"] = "Nováková", ["company"] = "Example Ltd.", ["phone"] = "+420777123456",
        ["email"] = "jana.novakova@example.com", ["externalId"] = "CRM-1042",
    };

    private readonly Dictionary<string, string?> _previewAnswers = [];
    private List<ElementDraft> _elements = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private List<BreadcrumbItem> _crumbs = [];
    private string _name = "";
    private string _description = "";
    private int _version;
    private bool _loaded;
    private bool _saving;
    private string? _saved;
    private string? _error;

    [Parameter] public Guid? Id { get; set; }

    [Inject] public required CallScripts Scripts { get; set; }

    [Inject] public required NavigationManager Navigation { get; set; }

    [Inject] public required AuthenticationStateProvider Authentication { get; set; }

    private IReadOnlyList<ScriptElement> Preview => [.. _elements.Select(e => e.ToElement())];

    protected override async Task OnParametersSetAsync()
    {
        if (Id is { } id)
        {
            try
            {
                var detail = await Scripts.GetAsync(id);
                (_name, _description, _version) = (detail.Script.Name, detail.Script.Description, detail.Script.CurrentVersion);
                _elements = [.. detail.Current.Elements.Select(ElementDraft.From)];
            }
            catch (NotFoundProblem problem)
            {
                _error = problem.Message;
            }
        }

        _crumbs = [new("Call scripts", "/settings/call-scripts"), new(Id is null ? "New script" : _name, null, disabled: true)];
        _loaded = true;
    }

    private static string KindName(ScriptElementKind kind) => kind switch
    {
        ScriptElementKind.Text => "Text to read",
        ScriptElementKind.ShortText => "Short text",
        ScriptElementKind.LongText => "Long text",
        ScriptElementKind.Number => "Number",
        ScriptElementKind.Email => "E-mail",
        ScriptElementKind.Phone => "Phone",
        ScriptElementKind.DateTime => "Date and time",
        ScriptElementKind.SingleChoice => "Single choice",
        ScriptElementKind.MultipleChoice => "Multiple choice",
        ScriptElementKind.DropDown => "Drop-down",
        ScriptElementKind.YesNo => "Yes / no",
        _ => kind.ToString(),
    };

    private static bool HasOptions(ScriptElementKind kind) => kind is ScriptElementKind.SingleChoice or ScriptElementKind.MultipleChoice or ScriptElementKind.DropDown;

    private void Add(ScriptElementKind kind)
    {
        var draft = new ElementDraft { Kind = kind, Options = HasOptions(kind) ? ["Option 1"] : [] };
        if (kind == ScriptElementKind.Text)
        {
            draft.Key = "text" + (_elements.Count(e => e.Kind == ScriptElementKind.Text) + 1);
        }

        _elements.Add(draft);
        _saved = null;
    }

    private void Move(int index, int by)
    {
        (_elements[index], _elements[index + by]) = (_elements[index + by], _elements[index]);
        _errors = new Dictionary<string, string[]>();
    }

    private void Remove(int index)
    {
        _elements.RemoveAt(index);
        _errors = new Dictionary<string, string[]>();
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private bool Has(int index, string field) => Has($"elements[{index}].{field}");

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private string? ErrorOf(int index, string field) => ErrorOf($"elements[{index}].{field}");

    private async Task SaveAsync()
    {
        (_saving, _saved, _error) = (true, null, null);
        try
        {
            var user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name;
            var elements = _elements.Select(e => e.ToElement()).ToList();
            var detail = Id is { } id
                ? await Scripts.UpdateAsync(id, _name, _description, elements, user)
                : await Scripts.CreateAsync(_name, _description, elements, user);
            _errors = new Dictionary<string, string[]>();
            _version = detail.Script.CurrentVersion;
            _elements = [.. detail.Current.Elements.Select(ElementDraft.From)];
            _saved = $"Saved as version {_version}.";
            if (Id is null)
            {
                Navigation.NavigateTo($"/settings/call-scripts/{detail.Script.Id}");
            }
        }
        catch (InvalidInputProblem problem)
        {
            _errors = problem.Errors;
            var general = problem.Errors.Where(e => !e.Key.StartsWith("elements[", StringComparison.Ordinal) || e.Key == "elements").SelectMany(e => e.Value).ToList();
            _error = general.Count > 0 ? string.Join(" ", general) : "Some elements need attention; see the messages at each of them.";
        }
        catch (OutdialProblem problem)
        {
            _error = problem.Message;
        }
        finally
        {
            _saving = false;
        }
    }
}
