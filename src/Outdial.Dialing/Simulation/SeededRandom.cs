namespace Outdial.Dialing.Simulation;

/// <summary>
/// The numbers <c>new Random(seed).NextDouble()</c> gives, in the same order: .NET's seeded generator
/// (Knuth's subtractive method, as in Numerical Recipes' <c>ran3</c>), which it keeps unchanged so that
/// a seed means the same sequence in every version. Written out here because the carrier draws four
/// numbers per dial and <see cref="Random"/> reaches them through two virtual calls each; a test
/// compares the two sequences over many seeds.
/// </summary>
internal sealed class SeededRandom
{
    private const int Modulus = int.MaxValue;
    private readonly int[] _state = new int[56];
    private int _next;
    private int _nextPrime = 21;

    public SeededRandom(int seed)
    {
        var subtracted = seed == int.MinValue ? int.MaxValue : Math.Abs(seed);
        var mj = 161803398 - subtracted;
        _state[55] = mj;
        var mk = 1;
        var ii = 0;
        for (var i = 1; i < 55; i++)
        {
            ii += 21;
            if (ii >= 55)
            {
                ii -= 55;
            }

            _state[ii] = mk;
            mk = mj - mk;
            if (mk < 0)
            {
                mk += Modulus;
            }

            mj = _state[ii];
        }

        for (var round = 1; round < 5; round++)
        {
            for (var i = 1; i < 56; i++)
            {
                var n = i + 30;
                if (n >= 55)
                {
                    n -= 55;
                }

                _state[i] -= _state[1 + n];
                if (_state[i] < 0)
                {
                    _state[i] += Modulus;
                }
            }
        }
    }

    /// <summary>A number in [0, 1), as <see cref="Random.NextDouble"/>.</summary>
    public double NextDouble()
    {
        var next = _next + 1 < 56 ? _next + 1 : 1;
        var nextPrime = _nextPrime + 1 < 56 ? _nextPrime + 1 : 1;
        var value = _state[next] - _state[nextPrime];
        if (value == Modulus)
        {
            value--;
        }

        if (value < 0)
        {
            value += Modulus;
        }

        _state[next] = value;
        _next = next;
        _nextPrime = nextPrime;
        return value * (1.0 / Modulus);
    }
}
