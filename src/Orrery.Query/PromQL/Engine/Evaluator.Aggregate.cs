using Orrery.Query.PromQL.Functions;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Engine;

internal sealed partial class Evaluator
{
    private StepMatrix EvalAggregate(AggregateExpr a, EvalGrid grid)
    {
        ScalarSteps? param = null;
        string? valueLabel = null;
        if (a.Param is not null)
        {
            if (a.Op == AggregateOp.CountValues) valueLabel = Eval(a.Param, grid) as string;
            else param = EvalScalar(a.Param, grid);
        }
        var input = EvalVector(a.Expr, grid);
        var builder = new StepMatrixBuilder(grid.Steps, budget);
        switch (a.Op)
        {
            case AggregateOp.TopK or AggregateOp.BottomK or AggregateOp.LimitK:
                SelectK(a, input, param!, builder);
                break;
            case AggregateOp.CountValues:
                CountValues(a, input, valueLabel ?? string.Empty, builder);
                break;
            case AggregateOp.LimitRatio:
                throw PromErrors.NotImplemented("limit_ratio");
            default:
                Aggregate(a, input, param, builder);
                break;
        }
        input.Release(budget);
        return builder.Build();
    }

    private static LabelSet GroupKey(AggregateExpr a, LabelSet metric) =>
        a.Without ? LabelOps.Without(metric, a.Grouping, dropName: true) : LabelOps.Keep(metric, a.Grouping);

    /// <summary>Group ids per input series (computed once), and the group label sets by id.</summary>
    private static (int[] SeriesGroup, List<LabelSet> Groups) Groups(AggregateExpr a, StepMatrix input)
    {
        var ids = new Dictionary<LabelSet, int>();
        var groups = new List<LabelSet>();
        var seriesGroup = new int[input.Series.Count];
        for (var k = 0; k < seriesGroup.Length; k++)
        {
            var key = GroupKey(a, input.Series[k].Metric);
            if (!ids.TryGetValue(key, out var id))
            {
                id = groups.Count;
                ids.Add(key, id);
                groups.Add(key);
            }
            seriesGroup[k] = id;
        }
        return (seriesGroup, groups);
    }

    /// <summary>sum, avg, count, min, max, group, stddev, stdvar and quantile, with Prometheus 2.42's arithmetic.</summary>
    private void Aggregate(AggregateExpr a, StepMatrix input, ScalarSteps? param, StepMatrixBuilder builder)
    {
        var (seriesGroup, groups) = Groups(a, input);
        var n = groups.Count;
        var acc = new GroupAccumulators(n);
        var outputs = new StepSeries?[n];
        var order = new List<int>(n);
        var op = a.Op;
        var floatsOnly = op is AggregateOp.Min or AggregateOp.Max or AggregateOp.Stddev or AggregateOp.Stdvar or AggregateOp.Quantile;
        for (var i = 0; i < builder.Steps; i++)
        {
            budget.Tick();
            var mark = i + 1;
            order.Clear();
            for (var k = 0; k < input.Series.Count; k++)
            {
                var s = input.Series[k];
                var h = s.HistogramAt(i);
                var f = s.F[i];
                if (h is null && StepSeries.IsAbsent(f)) continue;
                if (h is not null && floatsOnly) continue;
                var g = seriesGroup[k];
                if (acc.Stamp[g] != mark)
                {
                    acc.Start(g, mark, op, f, h);
                    order.Add(g);
                }
                else
                {
                    acc.Add(g, op, f, h);
                }
            }
            foreach (var g in order)
            {
                if (!acc.Result(g, op, param?.V[i] ?? double.NaN, out var value, out var histogram)) continue;
                outputs[g] ??= builder.Series(groups[g]);
                builder.Add(outputs[g]!, i, value, histogram);
            }
        }
    }

    /// <summary>topk, bottomk (greatest or least values per group, NaN last) and limitk (the first k per group).</summary>
    private void SelectK(AggregateExpr a, StepMatrix input, ScalarSteps param, StepMatrixBuilder builder)
    {
        var (seriesGroup, groups) = Groups(a, input);
        var members = new List<int>?[groups.Count];
        var outputs = new StepSeries?[input.Series.Count];
        var order = new List<int>(groups.Count);
        var stamp = new int[groups.Count];
        var top = a.Op == AggregateOp.TopK;
        for (var i = 0; i < builder.Steps; i++)
        {
            budget.Tick();
            var k = ToCount(param.V[i]);
            if (k < 1) continue;
            var mark = i + 1;
            order.Clear();
            for (var s = 0; s < input.Series.Count; s++)
            {
                var series = input.Series[s];
                if (!series.HasFloat(i)) continue;
                var g = seriesGroup[s];
                var list = members[g] ??= [];
                if (stamp[g] != mark)
                {
                    stamp[g] = mark;
                    list.Clear();
                    order.Add(g);
                }
                list.Add(s);
            }
            foreach (var g in order)
            {
                var list = members[g]!;
                var take = (int)Math.Min(k, list.Count);
                if (a.Op != AggregateOp.LimitK) KeepBest(list, take, new ByValue(input.Series, i, top));
                for (var x = 0; x < take; x++)
                {
                    var s = list[x];
                    outputs[s] ??= builder.Series(input.Series[s].Metric);
                    builder.Add(outputs[s]!, i, input.Series[s].F[i]);
                }
            }
        }
    }

    /// <summary>
    /// Leaves the <paramref name="k"/> best items first, in order: a bounded heap (the worst kept
    /// item at the root) so a small k over many series costs O(n log k), not a full sort.
    /// </summary>
    private static void KeepBest(List<int> items, int k, IComparer<int> order)
    {
        if (k >= items.Count || k <= 0)
        {
            items.Sort(order);
            return;
        }
        for (var i = (k / 2) - 1; i >= 0; i--) SiftDown(items, i, k, order);
        for (var x = k; x < items.Count; x++)
        {
            if (order.Compare(items[x], items[0]) >= 0) continue;
            items[0] = items[x];
            SiftDown(items, 0, k, order);
        }
        items.RemoveRange(k, items.Count - k);
        items.Sort(order);
    }

    private static void SiftDown(List<int> heap, int i, int count, IComparer<int> order)
    {
        while (true)
        {
            var worst = i;
            var left = (2 * i) + 1;
            var right = left + 1;
            if (left < count && order.Compare(heap[left], heap[worst]) > 0) worst = left;
            if (right < count && order.Compare(heap[right], heap[worst]) > 0) worst = right;
            if (worst == i) return;
            (heap[i], heap[worst]) = (heap[worst], heap[i]);
            i = worst;
        }
    }

    /// <summary>The k of topk/bottomk/limitk as Prometheus converts it (truncated toward zero).</summary>
    private static long ToCount(double k)
    {
        if (double.IsNaN(k)) throw PromErrors.Execution("Parameter value is NaN");
        if (k >= 9.2233720368547758e18 || k < -9.2233720368547758e18)
            throw PromErrors.Execution($"Scalar value {GoFloat.FormatG(k)} overflows int64");
        return (long)k;
    }

    /// <summary>Orders series by their value at one step: descending for topk, ascending for bottomk, NaN always last.</summary>
    private sealed class ByValue(List<StepSeries> series, int step, bool descending) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var a = series[x].F[step];
            var b = series[y].F[step];
            var aNaN = double.IsNaN(a);
            var bNaN = double.IsNaN(b);
            if (aNaN || bNaN) return aNaN == bNaN ? 0 : aNaN ? 1 : -1;
            return descending ? b.CompareTo(a) : a.CompareTo(b);
        }
    }

    /// <summary>count_values: counts series by value per group; the value (Go's shortest 'f' format) becomes a label.</summary>
    private void CountValues(AggregateExpr a, StepMatrix input, string valueLabel, StepMatrixBuilder builder)
    {
        if (!IsValidLabelName(valueLabel)) throw PromErrors.Execution($"invalid label name \"{valueLabel}\"");
        var byLabels = a.Without ? (IReadOnlyList<string>)a.Grouping : [.. a.Grouping, valueLabel];
        var lastValue = new double[input.Series.Count];
        var lastKey = new LabelSet?[input.Series.Count];
        var counts = new Dictionary<LabelSet, int>();
        var order = new List<LabelSet>();
        for (var i = 0; i < builder.Steps; i++)
        {
            budget.Tick();
            counts.Clear();
            order.Clear();
            for (var s = 0; s < input.Series.Count; s++)
            {
                var series = input.Series[s];
                if (!series.HasFloat(i)) continue;
                var f = series.F[i];
                // Consecutive steps mostly repeat a value: reuse its group key.
                if (lastKey[s] is not { } key || BitConverter.DoubleToInt64Bits(lastValue[s]) != BitConverter.DoubleToInt64Bits(f))
                {
                    var labeled = LabelOps.With(series.Metric, valueLabel, GoFloat.FormatF(f));
                    key = a.Without ? LabelOps.Without(labeled, byLabels, dropName: true) : LabelOps.Keep(labeled, byLabels);
                    lastKey[s] = key;
                    lastValue[s] = f;
                }
                if (counts.TryGetValue(key, out var c)) counts[key] = c + 1;
                else
                {
                    counts.Add(key, 1);
                    order.Add(key);
                }
            }
            foreach (var key in order) builder.Add(builder.Series(key), i, counts[key]);
        }
    }

    private static bool IsValidLabelName(string name)
    {
        if (name.Length == 0) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>Per-group running state of one step, in arrays indexed by group.</summary>
    private sealed class GroupAccumulators(int groups)
    {
        public readonly int[] Stamp = new int[groups];
        private readonly double[] _value = new double[groups];
        private readonly double[] _mean = new double[groups];
        private readonly long[] _count = new long[groups];
        private readonly long[] _histCount = new long[groups];
        private readonly bool[] _hasFloat = new bool[groups];
        private readonly NativeHistogram?[] _hist = new NativeHistogram?[groups];
        private readonly List<double>?[] _values = new List<double>?[groups];

        public void Start(int g, int mark, AggregateOp op, double f, NativeHistogram? h)
        {
            Stamp[g] = mark;
            _count[g] = 1;
            _hasFloat[g] = h is null;
            _histCount[g] = h is null ? 0 : 1;
            _hist[g] = h;
            _value[g] = h is null ? f : 0;
            _mean[g] = h is null ? f : 0;
            if (op is AggregateOp.Stddev or AggregateOp.Stdvar) _value[g] = 0;
            if (op == AggregateOp.Quantile)
            {
                var list = _values[g] ??= [];
                list.Clear();
                list.Add(f);
            }
        }

        public void Add(int g, AggregateOp op, double f, NativeHistogram? h)
        {
            _count[g]++;
            if (h is not null)
            {
                _histCount[g]++;
                if (op is AggregateOp.Sum or AggregateOp.Avg) _hist[g] = _hist[g] is { } sum ? HistogramMath.Add(sum, h) : h;
                return;
            }
            var first = !_hasFloat[g];
            _hasFloat[g] = true;
            switch (op)
            {
                case AggregateOp.Sum:
                    _value[g] = first ? f : _value[g] + f;
                    break;
                case AggregateOp.Avg:
                    if (first)
                    {
                        _mean[g] = f;
                        break;
                    }
                    AddToMean(g, f, _count[g] - _histCount[g]);
                    break;
                case AggregateOp.Min:
                    if (_value[g] > f || double.IsNaN(_value[g])) _value[g] = f;
                    break;
                case AggregateOp.Max:
                    if (_value[g] < f || double.IsNaN(_value[g])) _value[g] = f;
                    break;
                case AggregateOp.Stddev or AggregateOp.Stdvar:
                    var delta = f - _mean[g];
                    _mean[g] += delta / _count[g];
                    _value[g] += delta * (f - _mean[g]);
                    break;
                case AggregateOp.Quantile:
                    _values[g]!.Add(f);
                    break;
            }
        }

        // Prometheus's incremental mean: each side divided by the count so large values do not overflow.
        private void AddToMean(int g, double f, long count)
        {
            var mean = _mean[g];
            if (double.IsInfinity(mean))
            {
                if (double.IsInfinity(f) && (mean > 0) == (f > 0)) return;
                if (!double.IsInfinity(f) && !double.IsNaN(f)) return;
            }
            _mean[g] = mean + (f / count) - (mean / count);
        }

        public bool Result(int g, AggregateOp op, double param, out double value, out NativeHistogram? histogram)
        {
            histogram = null;
            value = 0;
            var hasHist = _histCount[g] > 0;
            switch (op)
            {
                case AggregateOp.Sum:
                    if (hasHist && _hasFloat[g]) return false;
                    histogram = hasHist ? _hist[g] : null;
                    value = _value[g];
                    return true;
                case AggregateOp.Avg:
                    if (hasHist && _hasFloat[g]) return false;
                    histogram = hasHist ? HistogramMath.Scale(_hist[g]!, 1.0 / _histCount[g]) : null;
                    value = _mean[g];
                    return true;
                case AggregateOp.Count:
                    value = _count[g];
                    return true;
                case AggregateOp.Group:
                    value = 1;
                    return true;
                case AggregateOp.Stdvar:
                    value = _value[g] / _count[g];
                    return true;
                case AggregateOp.Stddev:
                    value = Math.Sqrt(_value[g] / _count[g]);
                    return true;
                case AggregateOp.Quantile:
                    value = Quantile(param, _values[g]!);
                    return true;
                default:
                    value = _value[g];
                    return true;
            }
        }

        /// <summary>Prometheus's <c>quantile</c>: linear interpolation between the closest ranks; φ outside [0, 1] gives ±Inf.</summary>
        private static double Quantile(double q, List<double> values)
        {
            if (values.Count == 0 || double.IsNaN(q)) return double.NaN;
            if (q < 0) return double.NegativeInfinity;
            if (q > 1) return double.PositiveInfinity;
            values.Sort(static (a, b) => double.IsNaN(a) ? (double.IsNaN(b) ? 0 : -1) : double.IsNaN(b) ? 1 : a.CompareTo(b));
            var n = (double)values.Count;
            var rank = q * (n - 1);
            var lower = Math.Max(0, Math.Floor(rank));
            var upper = Math.Min(n - 1, lower + 1);
            var weight = rank - Math.Floor(rank);
            return (values[(int)lower] * (1 - weight)) + (values[(int)upper] * weight);
        }
    }
}
