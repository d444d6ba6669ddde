using System.Globalization;

namespace Orrery.LoadGen;

/// <summary>Command-line options; every one has a default so a bare run does something useful.</summary>
internal sealed record LoadGenOptions
{
    public Uri Endpoint { get; init; } = new("http://127.0.0.1:4317");
    /// <summary>Target spans per second; 0 sends as fast as acknowledgements allow.</summary>
    public int Rate { get; init; } = 100_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public int SpansPerRequest { get; init; } = 500;
    /// <summary>Requests in flight at once (multiplexed over HTTP/2).</summary>
    public int Concurrency { get; init; } = 8;
    /// <summary>Distinct pre-built payloads; ids and times are re-keyed on every send.</summary>
    public int Templates { get; init; } = 16;
    public string? Tenant { get; init; }
    /// <summary>Stop after this many spans (0 = only the duration limits the run).</summary>
    public long TotalSpans { get; init; }
    /// <summary>Append one trace id per request to this file, for the trace-by-id benchmark.</summary>
    public string? IdsOut { get; init; }

    public static LoadGenOptions Parse(string[] args)
    {
        var o = new LoadGenOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--endpoint" => o with { Endpoint = new Uri(Next()) },
                "--rate" => o with { Rate = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--spans-per-request" => o with { SpansPerRequest = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--concurrency" => o with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--templates" => o with { Templates = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--tenant" => o with { Tenant = Next() },
                "--total-spans" => o with { TotalSpans = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--ids-out" => o with { IdsOut = Next() },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }
        return o;
    }
}
