using System.Globalization;

namespace Orrery.LoadGen;

/// <summary>Options of <c>orrery-loadgen remote-write</c>; every one has a default.</summary>
internal sealed record RemoteWriteOptions
{
    /// <summary>Base address; the request goes to <c>/api/v1/write</c> under it.</summary>
    public Uri Endpoint { get; init; } = new("http://127.0.0.1:3200");
    /// <summary>Active series; every round sends one sample for each.</summary>
    public int Series { get; init; } = 100_000;
    /// <summary>Sample rounds (15 s of simulated time apart); the same seed and rounds send the same data.</summary>
    public int Rounds { get; init; } = 20;
    /// <summary>Series per request, as Prometheus's <c>max_samples_per_send</c> (default 2000).</summary>
    public int BatchSize { get; init; } = 2_000;
    /// <summary>Connections, each sending one request at a time (Prometheus's shards).</summary>
    public int Concurrency { get; init; } = 8;
    /// <summary>Stops early when this much wall time has passed, whatever the rounds.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);
    public int Seed { get; init; } = 42;
    /// <summary>Each scrape's timestamp moves by up to ± this many ms (the same for all series of a target).</summary>
    public int JitterMs { get; init; } = 5;
    public string? Tenant { get; init; }

    public static RemoteWriteOptions Parse(string[] args)
    {
        var o = new RemoteWriteOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--endpoint" => o with { Endpoint = new Uri(Next()) },
                "--series" => o with { Series = NextInt() },
                "--rounds" => o with { Rounds = NextInt() },
                "--batch" => o with { BatchSize = NextInt() },
                "--concurrency" => o with { Concurrency = NextInt() },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--seed" => o with { Seed = NextInt() },
                "--jitter-ms" => o with { JitterMs = NextInt() },
                "--tenant" => o with { Tenant = Next() },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }
        if (o.Series <= 0 || o.BatchSize <= 0 || o.Concurrency <= 0 || o.Rounds <= 0)
            throw new ArgumentException("--series, --batch, --concurrency and --rounds must be positive");
        if (o.BatchSize % 10 != 0) throw new ArgumentException("--batch must be a multiple of 10 (a request holds whole histograms)");
        if (o.JitterMs is < 0 or > 5_000) throw new ArgumentException("--jitter-ms must be within 0..5000");
        return o;
    }
}
