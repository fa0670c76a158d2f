using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Outdial.Api;

/// <summary>The one place where exceptions become HTTP problem details (RFC 9457).</summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            InvalidInputProblem invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary()) { Title = invalid.Title, Detail = invalid.Message, Status = 400 },
            NotFoundProblem notFound => new ProblemDetails { Title = notFound.Title, Detail = notFound.Message, Status = 404 },
            ForbiddenProblem forbidden => new ProblemDetails { Title = forbidden.Title, Detail = forbidden.Message, Status = 403 },
            ConflictProblem conflict => new ProblemDetails { Title = conflict.Title, Detail = conflict.Message, Status = 409 },
            BadHttpRequestException badRequest => FromBadRequest(badRequest),
            Microsoft.EntityFrameworkCore.DbUpdateException update when Persistence.DatabaseErrors.IsUniqueViolation(update) => new ProblemDetails
            {
                Title = "Conflict",
                Detail = "Another request saved the same value at the same moment (a name, number or e-mail that must be unique). Reload and try again.",
                Status = 409,
            },
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(logger, exception, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Title = "Unexpected error",
                Detail = "Outdial could not complete the request. Try again; if it keeps failing, give an administrator the traceId.",
                Status = 500,
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = JsonPathToField(json.Path);
            var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"'{field}' is not a known property. Check the spelling against the API reference at /api/docs."
                : $"The value of '{field}' is not valid here: expected {ExpectedFrom(json.Message, field)}.";
            var detail = string.IsNullOrEmpty(json.Path) || json.Path == "$"
                ? "The request body is not valid JSON. Send a JSON object as described at /api/docs."
                : message;
            return Invalid(field, message, detail, exception.StatusCode);
        }

        if (MissingMessage().Match(exception.Message) is { Success: true } missing)
        {
            // An empty body reads "Implicit body inferred for parameter … but no body was provided".
            var body = missing.Groups["source"].Value is "body" or "";
            var parameter = body ? "body" : missing.Groups["name"].Value;
            var message = body
                ? "The request needs a JSON body. The API reference at /api/docs lists its fields."
                : $"'{parameter}' is required.";
            return Invalid(parameter, message, message, exception.StatusCode);
        }

        if (BindMessage().Match(exception.Message) is { Success: true } bind)
        {
            // A query or route value of the wrong type: name the parameter and say what it takes.
            var parameter = bind.Groups["name"].Value;
            var message = $"'{bind.Groups["value"].Value}' is not a valid {parameter}: expected {Describe(bind.Groups["type"].Value)}.";
            return Invalid(parameter, message, message, exception.StatusCode);
        }

        return new ProblemDetails
        {
            Title = exception.StatusCode == 413 ? "Request too large" : "Bad request",
            Detail = exception.Message + " Check the request against the API reference at /api/docs.",
            Status = exception.StatusCode,
        };
    }

    /// <summary>A 400 that names the one field (or parameter) at fault.</summary>
    private static HttpValidationProblemDetails Invalid(string field, string message, string detail, int status) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Title = "Invalid input", Detail = detail, Status = status };

    /// <summary>"$.roleIds[2]" becomes "roleIds[2]"; "$" (the whole body) becomes "body".</summary>
    private static string JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>
    /// What a JSON value should have been. The serializer names the type it could not make, which is
    /// the request record itself when one of its properties failed (an unknown enum value): then the
    /// property's own type is looked up by its JSON name, so that an enum lists its values.
    /// </summary>
    private static string ExpectedFrom(string message, string field)
    {
        var match = ConvertMessage().Match(message);
        if (!match.Success)
        {
            return "a value of the documented type";
        }

        var typeName = match.Groups[1].Value.TrimEnd('\'');
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        var property = field.Split('.')[^1].Split('[')[0];
        // Only Outdial's own request types: a framework type may have a property of that name too.
        var member = type?.Namespace?.StartsWith("Outdial", StringComparison.Ordinal) == true
            ? type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase))
            : null;
        var expected = member?.PropertyType ?? type;
        return expected is null ? "a value of the documented type" : Describe(expected);
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum
            ? "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName))
            : Describe(type.Name);
    }

    /// <summary>A type as the framework names it in a binding error ("Nullable&lt;int&gt;", "Guid"), in words.</summary>
    private static string Describe(string typeName)
    {
        var name = typeName.StartsWith("Nullable<", StringComparison.Ordinal) ? typeName[9..^1] : typeName;
        return name switch
        {
            "int" or "long" or "Int32" or "Int64" => "a whole number",
            "double" or "decimal" or "Double" or "Decimal" => "a number",
            "bool" or "Boolean" => "true or false",
            "Guid" => "an id (a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301)",
            "DateTimeOffset" or "DateTime" => "a date and time in ISO 8601 with an offset (2026-12-04T09:30:00Z)",
            "DateOnly" => "a date (2026-12-04)",
            "TimeOnly" => "a time of day (09:30)",
            "string" or "String" => "a string",
            _ => "a value of the documented type (see /api/docs)",
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"could not be converted to ([^ .]+(?:\.[^ .]+)*)")]
    private static partial System.Text.RegularExpressions.Regex ConvertMessage();

    [System.Text.RegularExpressions.GeneratedRegex("^(?:Required parameter \"(?<type>.+) (?<name>[^ \"]+)\" was not provided from (?<source>\\w+)|Implicit body inferred for parameter \"(?<name>[^\"]+)\" but no body was provided)")]
    private static partial System.Text.RegularExpressions.Regex MissingMessage();

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>[^\"]*)\"\\.")]
    private static partial System.Text.RegularExpressions.Regex BindMessage();

    [LoggerMessage(EventId = 900, Level = LogLevel.Error, Message = "Unexpected error while handling {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);
}
