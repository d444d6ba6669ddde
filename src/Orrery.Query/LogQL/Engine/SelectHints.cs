using System.Text;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals;

namespace Orrery.Query.LogQL.Engine;

/// <summary>
/// What storage may use to skip chunks: the <c>|=</c> literals every wanted line contains and a
/// <c>trace_id="…"</c> filter. Only stages before anything that rewrites the line (for
/// substrings) or could set <c>trace_id</c> (for the trace) count, and only filters that must
/// hold (not under an <c>or</c>). The engine still applies every filter to every line.
/// </summary>
public static class SelectHints
{
    public static (IReadOnlyList<byte[]>? RequiredSubstrings, TraceId? TraceId) From(LogSelectorExpr selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var substrings = new List<byte[]>();
        TraceId? traceId = null;
        bool lineIntact = true, labelsIntact = true;
        foreach (var stage in selector.Stages)
        {
            switch (stage)
            {
                case LineFilterStage { Op: LineFilterOp.Contains, Values.Count: 1 } f when lineIntact && f.Values[0].Length > 0:
                    substrings.Add(Encoding.UTF8.GetBytes(f.Values[0]));
                    break;
                case LineFilterStage { Op: LineFilterOp.Match, Values.Count: 1 } f when lineIntact && IsPlainLiteral(f.Values[0]):
                    // A regex without metacharacters matches where the text occurs: as |= for skipping chunks.
                    substrings.Add(Encoding.UTF8.GetBytes(f.Values[0]));
                    break;
                case LineFilterStage or IpLineFilterStage:
                    break;
                case LabelFilterStage f when labelsIntact:
                    traceId ??= FindTraceId(f.Filter);
                    break;
                case LabelFilterStage:
                    break;
                case LineFormatStage or DecolorizeStage:
                    lineIntact = false;
                    break;
                case UnpackStage:
                    lineIntact = false;
                    labelsIntact = false;
                    break;
                default:
                    // Parsers, label_format, drop and keep may set or remove trace_id.
                    labelsIntact = false;
                    break;
            }
        }
        return (substrings.Count > 0 ? substrings : null, traceId);
    }

    private static bool IsPlainLiteral(string pattern) =>
        pattern.Length > 0 && pattern.AsSpan().IndexOfAny(RegexMetacharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> RegexMetacharacters = System.Buffers.SearchValues.Create("\\.^$|?*+()[]{}");

    private static TraceId? FindTraceId(LabelFilterExpr filter) => filter switch
    {
        StringLabelFilter { Matcher: { Type: Signals.Labels.MatchType.Equal, Name: "trace_id" } m }
            when m.Value.Length == 32 && TraceId.TryParseHex(m.Value, out var id) => id,
        BinaryLabelFilter { IsAnd: true } b => FindTraceId(b.Left) ?? FindTraceId(b.Right),
        _ => null,
    };
}
