namespace Outdial.Dialing;

/// <summary>
/// The ids of records that reached a final state, so that none is ever added twice. Ids that finish
/// one after another (a campaign's records mostly do: they are added and dialled in order) collapse
/// into one range; only the ones that finished out of turn are held one by one, until the range
/// reaches them. A campaign of consecutive ids thus holds a handful of ids, not its whole history.
/// </summary>
internal sealed class FinishedRecords
{
    private readonly HashSet<long> _outOfTurn = [];

    // The largest id held out of turn: a record newer than every finished one (the usual question, as
    // records are added) is answered without a look-up.
    private long _largestOutOfTurn = long.MinValue;

    // Every id in [_from, _to] has finished; empty while _to < _from.
    private long _from = 1;
    private long _to;

    public bool Contains(RecordId id) =>
        (id.Value >= _from && id.Value <= _to) || (id.Value <= _largestOutOfTurn && _outOfTurn.Contains(id.Value));

    public void Add(RecordId id)
    {
        var value = id.Value;
        if (_to < _from && _outOfTurn.Count == 0)
        {
            // The first one starts the range.
            _from = _to = value;
            return;
        }

        if (value == _to + 1)
        {
            _to = value;
            while (_outOfTurn.Remove(_to + 1))
            {
                _to++;
            }
        }
        else if (value == _from - 1)
        {
            _from = value;
            while (_outOfTurn.Remove(_from - 1))
            {
                _from--;
            }
        }
        else if (!Contains(id))
        {
            _outOfTurn.Add(value);
            _largestOutOfTurn = Math.Max(_largestOutOfTurn, value);
        }
    }
}
