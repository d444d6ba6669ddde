using System.Text;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// Loki's <c>detected_level</c>: from the severity number's range (OTLP defines four steps per
/// level: 1–4 trace … 21–24 fatal), else from common spellings of the severity text, else from
/// the line (<see cref="LineLevelDetector"/>), else <c>unknown</c>.
/// </summary>
internal static class DetectedLevel
{
    public static readonly byte[] Trace = "trace"u8.ToArray();
    public static readonly byte[] Debug = "debug"u8.ToArray();
    public static readonly byte[] Info = "info"u8.ToArray();
    public static readonly byte[] Warn = "warn"u8.ToArray();
    public static readonly byte[] Error = "error"u8.ToArray();
    public static readonly byte[] Fatal = "fatal"u8.ToArray();
    public static readonly byte[] Unknown = "unknown"u8.ToArray();

    public const int UnknownIndex = 6;

    /// <summary>The level's index in <see cref="All"/>.</summary>
    public static int Of(int severityNumber, ReadOnlySpan<byte> severityText)
    {
        if (severityNumber is >= 1 and <= 24) return (severityNumber - 1) / 4;
        return FromText(severityText);
    }

    /// <summary>As <see cref="Of(int, ReadOnlySpan{byte})"/>, falling back to the line's own level field or keywords when the record has no known severity.</summary>
    public static int Of(int severityNumber, ReadOnlySpan<byte> severityText, ReadOnlySpan<byte> line)
    {
        var level = Of(severityNumber, severityText);
        return level != UnknownIndex ? level : LineLevelDetector.Detect(line);
    }

    /// <summary>A level keyword found in free text: only whole words that can mean nothing else.</summary>
    public static int FromKeyword(ReadOnlySpan<byte> word)
    {
        Span<byte> lower = stackalloc byte[8];
        if (word.Length > lower.Length) return UnknownIndex;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            lower[i] = c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c + 32) : c;
        }
        lower = lower[..word.Length];
        if (lower.SequenceEqual("error"u8) || lower.SequenceEqual("err"u8)) return 4;
        if (lower.SequenceEqual("warn"u8) || lower.SequenceEqual("warning"u8)) return 3;
        if (lower.SequenceEqual("info"u8)) return 2;
        if (lower.SequenceEqual("debug"u8)) return 1;
        if (lower.SequenceEqual("trace"u8)) return 0;
        if (lower.SequenceEqual("critical"u8) || lower.SequenceEqual("fatal"u8) || lower.SequenceEqual("panic"u8)) return 5;
        return UnknownIndex;
    }

    /// <summary>Indexed by <see cref="Of"/>.</summary>
    public static byte[][] All { get; } = [Trace, Debug, Info, Warn, Error, Fatal, Unknown];

    public static string Name(int level) => Encoding.ASCII.GetString(All[level]);

    /// <summary>A severity text or level field's value in its common spellings.</summary>
    public static int FromText(ReadOnlySpan<byte> text)
    {
        Span<byte> lower = stackalloc byte[16];
        if (text.IsEmpty || text.Length > lower.Length) return UnknownIndex;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            lower[i] = c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c + 32) : c;
        }
        lower = lower[..text.Length];
        if (lower.SequenceEqual("trace"u8)) return 0;
        if (lower.SequenceEqual("debug"u8) || lower.SequenceEqual("dbg"u8)) return 1;
        if (lower.SequenceEqual("info"u8) || lower.SequenceEqual("information"u8) || lower.SequenceEqual("informational"u8) || lower.SequenceEqual("notice"u8)) return 2;
        if (lower.SequenceEqual("warn"u8) || lower.SequenceEqual("warning"u8)) return 3;
        if (lower.SequenceEqual("error"u8) || lower.SequenceEqual("err"u8)) return 4;
        if (lower.SequenceEqual("fatal"u8) || lower.SequenceEqual("critical"u8) || lower.SequenceEqual("crit"u8)
            || lower.SequenceEqual("panic"u8) || lower.SequenceEqual("emerg"u8) || lower.SequenceEqual("emergency"u8)) return 5;
        return UnknownIndex;
    }
}
