namespace Outdial.Dialing;

/// <summary>
/// The ids of records that reached a final state, so that none is ever added twice. Ids that finish
/// one after another (a campaign's records mostly do: they are added and dialled in order) collapse
/// into one range; those that finish a little out of turn (a busy number before an earlier call that
/// is still ringing) are marked in a window of bits just past the range, and only the few further
/// away are held one by one, until the range reaches them. A campaign of consecutive ids thus holds
/// a range and a few kilobytes, not its whole history.
/// </summary>
internal sealed class FinishedRecords
{
    // Ids in (_to, _to + WindowBits] are marked in this ring of bits (id modulo WindowBits).
    private const int WindowBits = 1 << 14;
    private readonly ulong[] _window = new ulong[WindowBits / 64];
    private readonly HashSet<long> _farOff = [];

    // At least the largest id held one by one (it never shrinks): a record newer than every finished
    // one (the usual question, as records are added) is answered without a look-up.
    private long _largestFarOff = long.MinValue;

    // Every id in [_from, _to] has finished; empty while _to < _from.
    private long _from = 1;
    private long _to;

    public bool Contains(RecordId id) => Contains(id.Value);

    /// <summary>Ids held one by one (too far past the range for the window): what this costs in memory.</summary>
    internal int HeldOneByOne => _farOff.Count;

    public void Add(RecordId id)
    {
        var value = id.Value;
        if (_to < _from && _farOff.Count == 0)
        {
            // The first one starts the range.
            _from = _to = value;
            return;
        }

        if (value == _to + 1)
        {
            _to = value;
            while (TakeMark(_to + 1))
            {
                _to++;
            }
        }
        else if (value == _from - 1)
        {
            _from = value;
            while (_farOff.Remove(_from - 1))
            {
                _from--;
            }
        }
        else if (!Contains(value))
        {
            if (InWindow(value))
            {
                _window[Word(value)] |= Bit(value);
            }
            else
            {
                _farOff.Add(value);
                _largestFarOff = Math.Max(_largestFarOff, value);
            }
        }
    }

    private bool Contains(long value) =>
        (value >= _from && value <= _to)
        || (InWindow(value) && (_window[Word(value)] & Bit(value)) != 0)
        || (value <= _largestFarOff && _farOff.Contains(value));

    /// <summary>Whether <paramref name="value"/> was marked (in the window or one by one); clears the mark.</summary>
    private bool TakeMark(long value)
    {
        if ((_window[Word(value)] & Bit(value)) != 0)
        {
            _window[Word(value)] &= ~Bit(value);
            return true;
        }

        return value <= _largestFarOff && _farOff.Remove(value);
    }

    private bool InWindow(long value) => _to >= _from && (ulong)(value - _to - 1) < WindowBits;

    private static int Word(long value) => (int)((ulong)value % WindowBits / 64);

    private static ulong Bit(long value) => 1UL << (int)((ulong)value % 64);
}
