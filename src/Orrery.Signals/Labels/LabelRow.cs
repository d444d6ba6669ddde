namespace Orrery.Signals.Labels;

/// <summary>
/// One label (name, value) of a metric series, a log stream or a log line's structured
/// metadata, as UTF-8 slices of the owning batch's arena.
/// </summary>
public struct LabelRow
{
    public Utf8Ref Name;
    public Utf8Ref Value;
}
