using System.Globalization;
using System.Text;
using Orrery.Query.TraceQL.Metrics;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using AttributeScope = Orrery.Storage.Traces.AttributeScope;
using Intrinsic = Orrery.Storage.Traces.Intrinsic;
using SyntaxScope = Orrery.Query.TraceQL.Syntax.AttributeScope;

namespace Orrery.Api.Tempo.Tags;

/// <summary>
/// Autocomplete scoped by a query (<c>q=</c>), as Tempo's v2 tag endpoints do: names and values are
/// taken from the spans the query's spanset filter matches in the range, not from everything stored.
/// </summary>
/// <remarks>
/// Suggestions are a convenience, so limits end the scan early instead of failing: once
/// <c>limit</c> distinct entries are found, or <see cref="MaxSpansInspected"/> spans were read, the
/// suggestions found so far are the answer.
/// </remarks>
public sealed class TagScope
{
    /// <summary>Ten million spans: a couple of seconds of scanning, more than an autocomplete is worth.</summary>
    public const long MaxSpansInspected = 10_000_000;

    private readonly ITraceReader _reader;
    private readonly Pipeline _spansets;

    private TagScope(ITraceReader reader, Pipeline spansets)
    {
        _reader = reader;
        _spansets = spansets;
    }

    /// <summary>
    /// The scope for <paramref name="query"/>, or null when it should not narrow anything: empty,
    /// <c>{ }</c>, or too incomplete to read even leniently (Tempo then answers unscoped too).
    /// </summary>
    public static TagScope? For(ITraceReader reader, string query)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (string.IsNullOrWhiteSpace(query)) return null;
        var parsed = LenientTraceQL.Parse(query);
        if (parsed is null) return null;
        var stages = parsed.Pipeline.Stages.TakeWhile(s => s is not (MetricsAggregate or MetricsSecondStage)).ToList();
        if (stages.Count == 1 && stages[0] is SpansetFilter { Expression: null }) return null;
        return new TagScope(reader, new Pipeline(Query.LogQL.Syntax.EquatableList.Of(stages)));
    }

    /// <summary>Attribute names of the matched spans, per scope (<c>resource</c>, <c>span</c>), sorted.</summary>
    public (List<string> Resource, List<string> Span) TagNames(string tenant, TimeRange range, int limit, CancellationToken cancellationToken = default)
    {
        var collector = new NameCollector(limit);
        Run(tenant, range, collector, collector.Full, cancellationToken);
        return (Sorted(collector.Resource.Values), Sorted(collector.Span.Values));
    }

    /// <summary>
    /// Distinct typed values of <paramref name="tag"/> among the matched spans; null for tags that are
    /// not a span's own field (event and link attributes), which the caller answers unscoped.
    /// </summary>
    public List<TagValue>? TagValues(string tenant, AttributeRef tag, TimeRange range, int limit, CancellationToken cancellationToken = default)
    {
        if (tag.Scope is AttributeScope.Event or AttributeScope.Link) return null;
        var collector = new ValueCollector(FieldReader.Compile(FieldOf(tag), "tag"), limit);
        Run(tenant, range, collector, collector.Full, cancellationToken);
        return collector.Values.Values.Select(box => box.Value).ToList();
    }

    private void Run(string tenant, TimeRange range, IMatchedSpanVisitor visitor, CancellationTokenSource full, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, full.Token);
        var scan = new MatchedSpanScan(_reader, _spansets, new ScanLimits(MaxSpansInspected));
        try
        {
            scan.Run(tenant, range, visitor, linked.Token);
        }
        catch (OperationCanceledException) when (full.IsCancellationRequested)
        {
        }
        catch (TraceQLMetricsException e) when (e.IsLimit)
        {
        }
    }

    private static FieldExpr FieldOf(AttributeRef tag) => tag.Scope switch
    {
        AttributeScope.Intrinsic => new IntrinsicExpr(tag.Intrinsic switch
        {
            Intrinsic.Name => Query.TraceQL.Syntax.Intrinsic.Name,
            Intrinsic.Status => Query.TraceQL.Syntax.Intrinsic.Status,
            Intrinsic.StatusMessage => Query.TraceQL.Syntax.Intrinsic.StatusMessage,
            Intrinsic.Kind => Query.TraceQL.Syntax.Intrinsic.Kind,
            _ => Query.TraceQL.Syntax.Intrinsic.Duration,
        }),
        AttributeScope.Resource => new AttributeExpr(SyntaxScope.Resource, tag.Name),
        AttributeScope.Span => new AttributeExpr(SyntaxScope.Span, tag.Name),
        _ => new AttributeExpr(SyntaxScope.None, tag.Name),
    };

    private static List<string> Sorted(IEnumerable<string> names) => names.Order(StringComparer.Ordinal).ToList();

    /// <summary>Collects attribute names; a name is decoded once, when first seen.</summary>
    private sealed class NameCollector(int limit) : IMatchedSpanVisitor
    {
        public KeyedTable<string> Resource { get; } = new();
        public KeyedTable<string> Span { get; } = new();
        public CancellationTokenSource Full { get; } = new();

        public void BeginTrace(SpanBatch batch, ReadOnlySpan<int> traceRows) { }

        public void Observe(SpanBatch batch, int row)
        {
            Add(Span, batch, batch.SpanAttributes, batch.Spans[row].Attributes);
            Add(Resource, batch, batch.ResourceAttributes, batch.ResourceOf(row).Attributes);
            if (Resource.Count >= limit && Span.Count >= limit) Full.Cancel();
        }

        private void Add(KeyedTable<string> names, SpanBatch batch, RowList<KeyValueRow> table, RowRange range)
        {
            for (var i = range.Start; i < range.End && names.Count < limit; i++)
            {
                var key = batch.Utf8(table[i].Key);
                if (names.Find(key) is null) names.Add(key, Encoding.UTF8.GetString(key));
            }
        }
    }

    /// <summary>Collects distinct values of one field, typed as the tag-values API types them.</summary>
    private sealed class ValueCollector(FieldReader field, int limit) : IMatchedSpanVisitor
    {
        private readonly KeyBuffer _key = new();
        private TraceInfo _trace = TraceInfo.None;

        public KeyedTable<TagValueBox> Values { get; } = new();
        public CancellationTokenSource Full { get; } = new();

        public void BeginTrace(SpanBatch batch, ReadOnlySpan<int> traceRows)
        {
            if (field.NeedsTrace) _trace = TraceInfo.Of(batch, traceRows);
        }

        public void Observe(SpanBatch batch, int row)
        {
            var value = field.Read(batch, row, _trace);
            if (value.Type is StaticType.Nil or StaticType.Duration) return;
            _key.Clear();
            _key.Append(value);
            if (Values.Find(_key.Written) is not null) return;
            Values.Add(_key.Written, new TagValueBox(ToTagValue(value)));
            if (Values.Count >= limit) Full.Cancel();
        }

        private static TagValue ToTagValue(in FieldValue value) => value.Type switch
        {
            StaticType.String => new TagValue("string", Encoding.UTF8.GetString(value.Text)),
            StaticType.Int => new TagValue("int", value.Int.ToString(CultureInfo.InvariantCulture)),
            StaticType.Float => new TagValue("float", value.Float.ToString("R", CultureInfo.InvariantCulture)),
            StaticType.Boolean => new TagValue("bool", value.Int != 0 ? "true" : "false"),
            _ => new TagValue("keyword", value.ToStatic().ToString()),
        };
    }

    /// <summary>A <see cref="TagValue"/> boxed once per distinct value, for the byte-keyed table.</summary>
    private sealed record TagValueBox(TagValue Value);
}
