using System.Globalization;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// A compiled label filter. String filters see a missing label as "" (so <c>__error__=""</c>
/// keeps lines without errors); numeric filters drop lines without the label and mark lines
/// whose value does not convert with <c>__error__="LabelFilterErr"</c> (kept, as Loki does).
/// </summary>
internal abstract class LabelFilter : ILogStage
{
    public const string Error = "LabelFilterErr";

    public bool Process(LogLine line) => Test(line);

    public abstract bool Test(LogLine line);

    public static LabelFilter Compile(LabelFilterExpr expr) => expr switch
    {
        BinaryLabelFilter b => new Binary(b.IsAnd, Compile(b.Left), Compile(b.Right)),
        StringLabelFilter s => new StringFilter(s.Matcher.ToMatcher()),
        NumericLabelFilter n => new NumericFilter(n),
        IpLabelFilter ip => new IpFilter(ip.Name, ip.Equal, IpPattern.Parse(ip.Pattern)),
        _ => throw new ArgumentException($"unknown label filter {expr}", nameof(expr)),
    };

    private sealed class Binary(bool isAnd, LabelFilter left, LabelFilter right) : LabelFilter
    {
        public override bool Test(LogLine line) => isAnd ? left.Test(line) && right.Test(line) : left.Test(line) || right.Test(line);
    }

    private sealed class StringFilter(LabelMatcher matcher) : LabelFilter
    {
        public override bool Test(LogLine line) => matcher.Matches(line.Label(matcher.Name) ?? "");
    }

    /// <summary>A missing label never matches, with = or with !=.</summary>
    private sealed class IpFilter(string name, bool equal, IpPattern pattern) : LabelFilter
    {
        public override bool Test(LogLine line) => line.Label(name) is { } value && pattern.Matches(value) == equal;
    }

    private sealed class NumericFilter(NumericLabelFilter filter) : LabelFilter
    {
        public override bool Test(LogLine line)
        {
            var text = line.Label(filter.Name);
            if (text is null) return false;
            if (!TryConvert(filter.Kind, text, out var value))
            {
                line.SetError(Error, $"{filter.Name}: cannot convert {Ops.Quote(text)} to a {filter.Kind.ToString().ToLowerInvariant()}");
                return true;
            }
            return filter.Op switch
            {
                ComparisonOp.Equal => value == filter.Value,
                ComparisonOp.NotEqual => value != filter.Value,
                ComparisonOp.Greater => value > filter.Value,
                ComparisonOp.GreaterEqual => value >= filter.Value,
                ComparisonOp.Less => value < filter.Value,
                _ => value <= filter.Value,
            };
        }
    }

    /// <summary>Label text to a number: durations in seconds, byte sizes in bytes.</summary>
    public static bool TryConvert(NumericKind kind, string text, out double value)
    {
        switch (kind)
        {
            case NumericKind.Duration:
                var ok = GoDuration.TryParse(text, out var nanos, out _);
                value = nanos / 1e9;
                return ok;
            case NumericKind.Bytes:
                return ByteSize.TryParse(text, out value);
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
