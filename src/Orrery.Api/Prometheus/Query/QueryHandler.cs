using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Syntax;

namespace Orrery.Api.Prometheus.Query;

/// <summary>
/// <c>/api/v1/query</c>, <c>/api/v1/query_range</c> and <c>/api/v1/format_query</c>: the
/// parameters checked in Prometheus 2.42's order and words, the query parsed and handed to the
/// engine, engine errors turned into Prometheus's error types.
/// </summary>
internal sealed class QueryHandler(PromQLEngine engine, Func<long>? nowMs = null)
{
    /// <summary>Prometheus refuses range queries of more points per series than this, whatever the engine's limit.</summary>
    public const long MaxPointsPerSeries = 11_000;

    private readonly Func<long> _nowMs = nowMs ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public PrometheusResult Instant(string tenant, PrometheusForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (PrometheusTime.TryGetParam(form, "time", _nowMs(), out var timeMs) is { } timeError) return BadData(timeError);
        if (TryGetTimeout(form, out var timeout) is { } timeoutError) return timeoutError;
        if (TryParse(form, out var expr) is { } parseError) return parseError;
        return Evaluate(form, () => engine.Instant(tenant, expr, timeMs, timeout, cancellationToken));
    }

    public PrometheusResult Range(string tenant, PrometheusForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!TryGetTime(form, "start", out var startMs, out var startError)) return startError;
        if (!TryGetTime(form, "end", out var endMs, out var endError)) return endError;
        if (endMs < startMs) return InvalidParameter("end", "end timestamp must not be before start time");
        if (QueryDuration.TryParse(form.Get("step"), out var stepNs) is { } stepError) return InvalidParameter("step", stepError);
        if (stepNs <= 0) return InvalidParameter("step", "zero or negative query resolution step widths are not accepted. Try a positive integer");
        // Prometheus divides Go durations (nanoseconds); milliseconds times a million are the same.
        if ((decimal)(endMs - startMs) * 1_000_000 / stepNs >= MaxPointsPerSeries + 1)
            return BadData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        if (TryGetTimeout(form, out var timeout) is { } timeoutError) return timeoutError;
        if (TryParse(form, out var expr) is { } parseError) return parseError;
        // A step below a millisecond passes Prometheus's checks and is then a step of zero in its engine; one millisecond is the closest that terminates.
        var stepMs = Math.Max(1, QueryDuration.ToMilliseconds(stepNs));
        return Evaluate(form, () => engine.Range(tenant, expr, startMs, endMs, stepMs, timeout, cancellationToken));
    }

    public static PrometheusResult Format(PrometheusForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (TryParse(form, out var expr) is { } parseError) return parseError;
        return new FormattedQueryData(PromQLPrinter.Print(expr));
    }

    /// <summary>The <c>query</c> parameter parsed; a parse error is bad_data naming the parameter, as Prometheus answers.</summary>
    public static PrometheusError? TryParse(PrometheusForm form, out PromExpr expr)
    {
        ArgumentNullException.ThrowIfNull(form);
        expr = null!;
        try
        {
            expr = PromQLParser.Parse(form.Get("query"));
            return null;
        }
        catch (PromQLParseException e)
        {
            return InvalidParameter("query", e.Message);
        }
    }

    private static PrometheusResult Evaluate(PrometheusForm form, Func<PromQLResult> run)
    {
        var stats = form.Get("stats") switch
        {
            "" => QueryStatsMode.None,
            "all" => QueryStatsMode.PerStep,
            _ => QueryStatsMode.Totals,
        };
        try
        {
            return new QueryData(run(), stats);
        }
        catch (PromQLException e)
        {
            return new PrometheusError(ErrorType(e.ErrorType), e.Message);
        }
    }

    /// <summary>query_range's start and end go through Prometheus's <c>parseTime</c>, whose message lacks the "Invalid time value" prefix of <c>time</c>.</summary>
    private static bool TryGetTime(PrometheusForm form, string name, out long milliseconds, out PrometheusError error)
    {
        var text = form.Get(name);
        error = null!;
        if (PrometheusTime.TryParse(text, out milliseconds)) return true;
        error = InvalidParameter(name, $"cannot parse {PrometheusParameters.GoQuote(text)} to a valid timestamp");
        return false;
    }

    private static PrometheusError? TryGetTimeout(PrometheusForm form, out TimeSpan? timeout)
    {
        timeout = null;
        var text = form.Get("timeout");
        if (text.Length == 0) return null;
        if (QueryDuration.TryParse(text, out var ns) is { } error) return InvalidParameter("timeout", error);
        // A zero or negative timeout has already expired: Go's context.WithTimeout answers with a timeout at once.
        timeout = TimeSpan.FromTicks(Math.Max(0, ns / 100));
        return null;
    }

    private static PrometheusErrorType ErrorType(PromErrorType type) => type switch
    {
        PromErrorType.BadData => PrometheusErrorType.BadData,
        PromErrorType.Execution => PrometheusErrorType.Execution,
        PromErrorType.Timeout => PrometheusErrorType.Timeout,
        PromErrorType.Canceled => PrometheusErrorType.Canceled,
        _ => PrometheusErrorType.Internal,
    };

    private static PrometheusError BadData(string message) => new(PrometheusErrorType.BadData, message);

    private static PrometheusError InvalidParameter(string name, string reason) => BadData(PrometheusParameters.InvalidParameter(name, reason));
}
