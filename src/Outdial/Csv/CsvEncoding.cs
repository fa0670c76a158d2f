using System.Text;

namespace Outdial.Csv;

/// <summary>
/// Finds the text encoding of an uploaded CSV file: a byte-order mark (UTF-8, UTF-16 LE/BE);
/// otherwise UTF-8 if the bytes are valid UTF-8; otherwise Windows-1250 (Central Europe) or
/// Windows-1252 (Western Europe), whichever yields more letters of those languages.
/// </summary>
public static class CsvEncoding
{
    private const int SampleBytes = 1 << 20;

    // Letters that a Windows-1250 reading produces from Czech, Slovak, Polish or Hungarian text…
    private const string CentralLetters = "ěščřžýáíéúůňťďĚŠČŘŽÝÁÍÉÚŮŇŤĎąćęłńóśźżĄĆĘŁŃÓŚŹŻőűŐŰľĺŕĽĹŔ";

    // …and letters that Western European text has, which Windows-1250 would turn into other letters.
    private const string WesternLetters = "àâäçèêëîïôöùûüÿñæøåßÀÂÄÇÈÊËÎÏÔÖÙÛÜÑÆØÅ";

    static CsvEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1250 => Encoding.GetEncoding(1250);

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>An encoding by name ("utf-8", "utf-16", "windows-1250", …); throws <see cref="InvalidInputProblem"/> for an unknown name.</summary>
    public static Encoding Named(string name)
    {
        try
        {
            _ = Windows1250; // makes sure the code pages are registered
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            throw new InvalidInputProblem("encoding", $"'{name}' is not an encoding; use auto, utf-8, utf-16, windows-1250 or windows-1252.");
        }
    }

    /// <summary>Reads the start of <paramref name="stream"/> (then rewinds it) and names its encoding.</summary>
    public static Encoding Detect(Stream stream)
    {
        var sample = new byte[SampleBytes];
        var length = stream.ReadAtLeast(sample, SampleBytes, throwOnEndOfStream: false);
        stream.Position = 0;
        return Detect(sample.AsSpan(0, length));
    }

    public static Encoding Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }

        if (IsUtf8(bytes))
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        }

        var central = Windows1250.GetString(bytes);
        var western = Windows1252.GetString(bytes);
        return Score(central, CentralLetters) >= Score(western, WesternLetters) ? Windows1250 : Windows1252;
    }

    private static int Score(string text, string letters) => text.Count(letters.Contains);

    /// <summary>Valid UTF-8, allowing a multi-byte character cut by the end of the sample.</summary>
    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            decoder.GetCharCount(bytes, flush: false);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
