namespace Outdial.Dialing;

/// <summary>Chooses the caller ID for each dial by the campaign's rotation strategy.</summary>
internal sealed class CallerIdRotator
{
    private readonly IReadOnlyList<E164Number> _pool;
    private readonly CallerIdRotation _rotation;
    private readonly Random _random;
    private readonly Dictionary<string, List<E164Number>> _byCountry;
    private readonly Dictionary<string, int> _nextByCountry = new(StringComparer.Ordinal);
    private int _next;

    public CallerIdRotator(CampaignSettings settings)
    {
        _pool = settings.CallerIds;
        _rotation = settings.CallerIdRotation;
        _random = new Random(settings.Seed);
        _byCountry = _pool.GroupBy(n => n.CountryCallingCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public E164Number? Choose(E164Number called)
    {
        if (_pool.Count == 0)
        {
            return null;
        }

        switch (_rotation)
        {
            case CallerIdRotation.Random:
                return _pool[_random.Next(_pool.Count)];
            case CallerIdRotation.CountryMatch when _byCountry.TryGetValue(called.CountryCallingCode, out var local):
                var index = _nextByCountry.GetValueOrDefault(called.CountryCallingCode);
                _nextByCountry[called.CountryCallingCode] = (index + 1) % local.Count;
                return local[index];
            default:
                var chosen = _pool[_next];
                _next = (_next + 1) % _pool.Count;
                return chosen;
        }
    }
}
