using System.CommandLine;
using Orrery.Configuration;

namespace Orrery.Cli;

/// <summary>
/// The flags of <c>orrery serve</c>. Values stay strings here: the same parsers then handle
/// flags, environment variables and the config file (see <see cref="ServeSettingsResolver"/>).
/// </summary>
internal sealed class ServeOptions
{
    private readonly List<Option<string>> _valued =
    [
        Valued(SettingNames.Data, "DIR", "Where WAL and blocks are stored [default: ./data]"),
        Valued(SettingNames.Http, "HOST:PORT", "Query APIs, /metrics, /ready and OTLP/HTTP [default: 127.0.0.1:3200]"),
        Valued(SettingNames.OtlpGrpc, "HOST:PORT", "OTLP/gRPC receiver [default: 127.0.0.1:4317]"),
        Valued(SettingNames.OtlpHttp, "HOST:PORT", "OTLP/HTTP receiver [default: 127.0.0.1:4318]"),
        Valued(SettingNames.Config, "FILE", "YAML file with the same keys as these flags"),
        Valued(SettingNames.Retention, "DURATION", "Delete data older than this, e.g. 14d or 336h [default: 14d]"),
        Valued(SettingNames.MaxRequestBytes, "BYTES", "Largest export accepted, after decompression [default: 16MiB]"),
        Valued(SettingNames.WalFsync, "always|interval|none", "When the WAL is fsynced [default: interval]"),
        Valued(SettingNames.LogFormat, "json|text", "Log format on stderr [default: json]"),
        Valued(SettingNames.MetricsOooWindow, "DURATION", "Accept metric samples this much older than a series' newest [default: 10m]"),
        Valued(SettingNames.MetricsMaxSeries, "N", "Active series per tenant; a new series beyond it is refused, 0 = unlimited [default: 1000000]"),
        Valued(SettingNames.MetricsMaxSeriesPerMetric, "N", "Series per metric name per tenant, 0 = unlimited [default: 100000]"),
        Valued(SettingNames.QueryLookbackDelta, "DURATION", "How far back PromQL looks for a series' latest sample [default: 5m]"),
    ];

    private readonly Option<bool> _multiTenant = new("--" + SettingNames.MultiTenant)
    {
        Description = "Require X-Scope-OrgID on every write and read and keep tenants apart",
    };

    public void AddTo(Command command)
    {
        foreach (var option in _valued) command.Add(option);
        command.Add(_multiTenant);
    }

    /// <summary>The flags the user actually gave, by setting name.</summary>
    public Dictionary<string, string> Collect(ParseResult parseResult)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in _valued)
        {
            if (parseResult.GetResult(option) is { Implicit: false } && parseResult.GetValue(option) is { } value)
                flags[option.Name[2..]] = value;
        }
        if (parseResult.GetResult(_multiTenant) is { Implicit: false })
            flags[SettingNames.MultiTenant] = parseResult.GetValue(_multiTenant) ? "true" : "false";
        return flags;
    }

    private static Option<string> Valued(string name, string helpName, string description) =>
        new("--" + name) { HelpName = helpName, Description = description };
}
