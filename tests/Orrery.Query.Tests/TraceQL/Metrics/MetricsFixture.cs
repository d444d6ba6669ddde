using Orrery.Signals.Traces;

namespace Orrery.Query.Tests.TraceQL.Metrics;

/// <summary>
/// Seven spans in range around <see cref="T"/> (and one after it). With start T, end T+30s and a
/// 10 s step, Tempo's alignment gives four intervals reported at T, T+10, T+20, T+30:
/// (T-10,T] holds g; (T,T+10] a, b; (T+10,T+20] c, d, f (f starts exactly at T+20); (T+20,T+30] e.
/// </summary>
internal static class MetricsFixture
{
    public const long Ms = 1_000_000;
    public const long S = 1_000_000_000;
    public const long T = 1_700_000_000 * S;
    public const long TMs = T / Ms;

    private static readonly (string, object)[] Ok = [("http.status_code", 200)];
    private static readonly (string, object)[] Failed = [("http.status_code", 500)];

    public static readonly TestSpan G = new(4, 7, 0, "api", "GET /", T - (5 * S), 50 * Ms, Kind: SpanKind.Server);
    public static readonly TestSpan A = new(1, 1, 0, "api", "GET /", T + (1 * S), 100 * Ms, Kind: SpanKind.Server, Attributes: Ok);
    public static readonly TestSpan B = new(1, 2, 1, "db", "query", T + (2 * S), 30 * Ms, Kind: SpanKind.Client);
    public static readonly TestSpan C = new(2, 3, 0, "api", "GET /", T + (11 * S), 500 * Ms, StatusCode.Error, SpanKind.Server, Failed);
    public static readonly TestSpan D = new(2, 4, 3, "db", "query", T + (12 * S), 5 * Ms, Kind: SpanKind.Client);
    public static readonly TestSpan E = new(3, 5, 0, "api", "POST /", T + (25 * S), 2000 * Ms, StatusCode.Error, SpanKind.Server, Failed);
    public static readonly TestSpan F = new(3, 6, 5, "worker", "job", T + (20 * S), 8 * Ms);
    public static readonly TestSpan Late = new(5, 8, 0, "api", "GET /", T + (40 * S), 1 * Ms, Kind: SpanKind.Server);

    public static TestSpan[] All => [G, A, B, C, D, E, F, Late];
}
