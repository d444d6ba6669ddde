using System.Text;
using Orrery.Query.LogQL.Syntax;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;
using PipelineStage = Orrery.Query.TraceQL.Syntax.PipelineStage;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// <c>compare({ selection }, topN, start, end)</c>: for every attribute of the matched spans, how often
/// each value occurs among the selected spans versus the rest (the baseline), per interval — what is
/// different about the slow ones. Series follow Tempo: <c>__meta_type</c> = baseline / selection with
/// the attribute's name and value, and baseline_total / selection_total with the attribute's name and nil.
/// </summary>
/// <remarks>
/// Counted per span: the intrinsics name, status, kind and statusMessage (when set) and every span
/// and resource attribute with a scalar value. Like Tempo, durations and ids are never counted:
/// their cardinality makes the comparison useless.
/// </remarks>
public sealed class CompareAggregator : IMatchedSpanVisitor
{
    /// <summary>
    /// Distinct (attribute, value) pairs counted per side. Each costs a row of interval slots; 100 000
    /// bounds memory at ~200 MB for 240 intervals while covering any attribute a person would compare.
    /// Values past it still count towards their attribute's total.
    /// </summary>
    public const int MaxValuesPerSide = 100_000;

    private const byte SourceIntrinsic = 0;
    private const byte SourceSpan = 1;
    private const byte SourceResource = 2;

    private readonly IntervalMapper _intervals;
    private readonly TraceQLEvaluator? _selection;
    private readonly long _windowStart;
    private readonly long _windowEnd;
    private readonly Side _baseline;
    private readonly Side _selected;
    private readonly List<Spanset> _spansets = [];
    private readonly HashSet<int> _selectedRows = [];
    private readonly KeyBuffer _key = new();
    private Side _current;
    private int _interval;

    public CompareAggregator(MetricsAggregate aggregate, IntervalMapper intervals)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if (aggregate.Selection is null) throw new ArgumentException("compare() needs a selection", nameof(aggregate));
        var arguments = aggregate.CompareArguments;
        TopN = arguments.Count > 0 ? arguments[0] : 10;
        if (TopN is <= 0 or > 1000) throw new TraceQLMetricsException("compare() top number of values must be an integer between 1 and 1000");
        if (arguments.Count == 2) throw new TraceQLMetricsException("compare() takes both a start and an end timestamp, or neither");
        if (arguments.Count == 3)
        {
            (_windowStart, _windowEnd) = (arguments[1], arguments[2]);
            if (_windowStart <= 0 || _windowEnd <= 0) throw new TraceQLMetricsException("compare() timestamps must be positive integer unix nanoseconds");
            if (_windowEnd <= _windowStart) throw new TraceQLMetricsException("compare() end timestamp must be greater than start timestamp");
        }
        _intervals = intervals;
        if (aggregate.Selection.Expression is not null)
        {
            var pipeline = new Pipeline(EquatableList.Of<PipelineStage>([aggregate.Selection]));
            _selection = TraceQLEvaluator.Compile(new TraceQLQuery(pipeline, EquatableList<QueryHint>.Empty));
        }
        _baseline = new Side("baseline");
        _selected = new Side("selection");
        _current = _baseline;
    }

    public long TopN { get; }

    public void BeginTrace(SpanBatch batch, ReadOnlySpan<int> traceRows)
    {
        // A span-local selection is decided per span in IsSelected, without evaluating the trace.
        if (_selection is null || _selection.IsSpanLocal) return;
        _selectedRows.Clear();
        _spansets.Clear();
        _selection.Evaluate(batch, traceRows, _spansets);
        foreach (var spanset in _spansets) _selectedRows.UnionWith(spanset.Rows);
    }

    public void Observe(SpanBatch batch, int row)
    {
        ref var span = ref batch.Spans[row];
        _interval = _intervals.Interval(span.StartUnixNano);
        if (_interval < 0) return;
        _current = IsSelected(batch, row, span.StartUnixNano) ? _selected : _baseline;

        Count(SourceIntrinsic, "name"u8, new FieldValue(StaticType.String, text: batch.Utf8(span.Name)));
        Count(SourceIntrinsic, "status"u8, new FieldValue(StaticType.Status, (long)span.StatusCode));
        Count(SourceIntrinsic, "kind"u8, new FieldValue(StaticType.Kind, (long)span.Kind));
        if (span.StatusMessage.Length > 0) Count(SourceIntrinsic, "statusMessage"u8, new FieldValue(StaticType.String, text: batch.Utf8(span.StatusMessage)));
        CountAll(batch, batch.SpanAttributes, span.Attributes, SourceSpan);
        CountAll(batch, batch.ResourceAttributes, batch.ResourceOf(row).Attributes, SourceResource);
    }

    private bool IsSelected(SpanBatch batch, int row, long start)
    {
        if (_selection is not null && !(_selection.IsSpanLocal ? _selection.MatchesSpan(batch, row) : _selectedRows.Contains(row))) return false;
        // Tempo's window is (start, end]: the span must have started after start, at or before end.
        return _windowEnd == 0 || (start > _windowStart && start <= _windowEnd);
    }

    private void CountAll(SpanBatch batch, RowList<KeyValueRow> table, RowRange range, byte source)
    {
        for (var i = range.Start; i < range.Start + range.Count; i++)
        {
            var value = FieldReader.FromRow(batch, table, i);
            if (value.Type != StaticType.Nil) Count(source, batch.Utf8(table[i].Key), value);
        }
    }

    private void Count(byte source, ReadOnlySpan<byte> name, in FieldValue value)
    {
        _key.Clear();
        _key.AppendByte(source);
        _key.AppendBytes(name);
        var attribute = _current.Attributes.Find(_key.Written);
        if (attribute is null)
        {
            attribute = new AttributeCounts(LabelOf(source, name), _intervals.Count);
            _current.Attributes.Add(_key.Written, attribute);
        }
        attribute.Totals[_interval]++;

        _key.Append(value);
        var counts = _current.Values.Find(_key.Written);
        if (counts is null)
        {
            if (_current.Values.Count >= MaxValuesPerSide)
            {
                attribute.Overflowed = true;
                return;
            }
            counts = new ValueCounts(value.ToStatic(), _intervals.Count);
            _current.Values.Add(_key.Written, counts);
            attribute.Values.Add(counts);
        }
        counts.Counts[_interval]++;
    }

    private static string LabelOf(byte source, ReadOnlySpan<byte> name) => source switch
    {
        SourceSpan => "span." + Encoding.UTF8.GetString(name),
        SourceResource => "resource." + Encoding.UTF8.GetString(name),
        _ => Encoding.UTF8.GetString(name),
    };

    /// <summary>
    /// The series: per side and attribute its <see cref="TopN"/> most frequent values (by count over
    /// the whole range), then the per-attribute totals. Attributes with more values than that are
    /// reported by Tempo as a sample-less <c>__meta_error</c> series, which its own response drops; so here.
    /// </summary>
    public List<MetricsSeries> Results()
    {
        var results = new List<MetricsSeries>();
        foreach (var side in (Side[])[_baseline, _selected])
        {
            var type = new MetricsLabel("__meta_type", StaticValue.OfString(side.Name));
            foreach (var attribute in side.Attributes.Values)
            {
                var ranked = attribute.Values
                    .Select(v => (Counts: v, Total: v.Counts.Sum(), Text: v.Value.ToString()))
                    .OrderByDescending(v => v.Total).ThenBy(v => v.Text, StringComparer.Ordinal)
                    .Take((int)TopN);
                foreach (var (counts, _, _) in ranked)
                    results.Add(new MetricsSeries([type, new MetricsLabel(attribute.Label, counts.Value)], counts.Counts));
            }
        }
        foreach (var side in (Side[])[_baseline, _selected])
        {
            var type = new MetricsLabel("__meta_type", StaticValue.OfString(side.Name + "_total"));
            foreach (var attribute in side.Attributes.Values)
                results.Add(new MetricsSeries([type, new MetricsLabel(attribute.Label, StaticValue.Nil)], attribute.Totals));
        }
        return results.Select(s => (Text: s.PromLabels, Series: s)).OrderBy(p => p.Text, StringComparer.Ordinal).Select(p => p.Series).ToList();
    }

    private sealed class Side(string name)
    {
        public string Name { get; } = name;
        public KeyedTable<AttributeCounts> Attributes { get; } = new();
        public KeyedTable<ValueCounts> Values { get; } = new();
    }

    private sealed class AttributeCounts(string label, int intervals)
    {
        public string Label { get; } = label;
        public double[] Totals { get; } = new double[intervals];
        public List<ValueCounts> Values { get; } = [];
        public bool Overflowed { get; set; }
    }

    private sealed class ValueCounts(StaticValue value, int intervals)
    {
        public StaticValue Value { get; } = value;
        public double[] Counts { get; } = new double[intervals];
    }
}
