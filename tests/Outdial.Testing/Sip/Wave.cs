using System.Buffers.Binary;

namespace Outdial.Testing.Sip;

/// <summary>8 kHz mono 16-bit PCM WAV files: a tone to play, µ-law bytes for SIPp's rtp_stream, the loudness of a recording.</summary>
public static class Wave
{
    public const int SampleRate = 8000;

    public static short[] ToneSamples(double hertz, double seconds) =>
        [.. Enumerable.Range(0, (int)(SampleRate * seconds)).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * hertz * i / SampleRate)))];

    /// <summary>A WAV file holding a sine tone.</summary>
    public static byte[] Tone(double hertz, double seconds)
    {
        var samples = ToneSamples(hertz, seconds);
        var bytes = new byte[44 + (samples.Length * 2)];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples.Length * 2);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + (2 * i))..], samples[i]);
        }

        return bytes;
    }

    /// <summary>A tone as raw G.711 µ-law bytes (what SIPp's <c>rtp_stream</c> sends with payload type 0).</summary>
    public static byte[] ToneMuLaw(double hertz, double seconds) => [.. ToneSamples(hertz, seconds).Select(MuLaw)];

    /// <summary>The RMS of the samples in a 16-bit PCM WAV file (its "data" chunk).</summary>
    public static double Rms(byte[] wav)
    {
        var position = 12;
        while (position + 8 <= wav.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(position + 4));
            if (id == "data")
            {
                var end = Math.Min(wav.Length, position + 8 + Math.Max(0, size));
                double sum = 0;
                var count = 0;
                for (var i = position + 8; i + 1 < end; i += 2)
                {
                    double sample = BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(i));
                    sum += sample * sample;
                    count++;
                }

                return count == 0 ? 0 : Math.Sqrt(sum / count);
            }

            position += 8 + Math.Max(0, size);
        }

        return 0;
    }

    /// <summary>G.711 µ-law encoding of one sample (ITU-T G.711, bias 0x84, clip 32635).</summary>
    private static byte MuLaw(short sample)
    {
        const int Bias = 0x84;
        const int Clip = 32635;
        var sign = (sample >> 8) & 0x80;
        int magnitude = sign != 0 ? -sample : sample;
        magnitude = Math.Min(magnitude, Clip) + Bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }
}
