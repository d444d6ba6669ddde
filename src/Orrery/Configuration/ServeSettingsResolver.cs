using System.Globalization;
using Orrery.Query;
using Orrery.Storage.Wal;

namespace Orrery.Configuration;

/// <summary>
/// Merges the setting sources with the precedence flag &gt; environment &gt; config file &gt;
/// default, and parses each value once, with errors that say which source held the bad value.
/// </summary>
internal static class ServeSettingsResolver
{
    /// <param name="flags">Flags given on the command line, by setting name (<c>multi-tenant</c> as "true").</param>
    /// <param name="environment">Reads an environment variable; null when unset.</param>
    /// <param name="loadConfigFile">Loads the config file named by <c>--config</c> / <c>ORRERY_CONFIG</c>.</param>
    public static ServeSettings Resolve(
        IReadOnlyDictionary<string, string> flags,
        Func<string, string?> environment,
        Func<string, IReadOnlyDictionary<string, string>>? loadConfigFile = null)
    {
        loadConfigFile ??= path => ConfigFile.Load(path);
        var configPath = flags.GetValueOrDefault(SettingNames.Config) ?? environment(SettingNames.EnvironmentVariable(SettingNames.Config));
        var file = string.IsNullOrEmpty(configPath) ? new Dictionary<string, string>() : loadConfigFile(configPath);
        var sources = new Sources(flags, environment, file, configPath);

        var settings = new ServeSettings();
        return settings with
        {
            DataDirectory = sources.Get(SettingNames.Data, (text, _) => text.Length > 0 ? text : null, "must not be empty") ?? settings.DataDirectory,
            Http = sources.GetStruct<ListenAddress>(SettingNames.Http, ParseAddress) ?? settings.Http,
            OtlpGrpc = sources.GetStruct<ListenAddress>(SettingNames.OtlpGrpc, ParseAddress) ?? settings.OtlpGrpc,
            OtlpHttp = sources.GetStruct<ListenAddress>(SettingNames.OtlpHttp, ParseAddress) ?? settings.OtlpHttp,
            Retention = sources.GetStruct<TimeSpan>(SettingNames.Retention, ParseRetention) ?? settings.Retention,
            MultiTenant = sources.GetStruct<bool>(SettingNames.MultiTenant, ParseBool) ?? settings.MultiTenant,
            MaxRequestBytes = sources.GetStruct<long>(SettingNames.MaxRequestBytes, ParseByteSize) ?? settings.MaxRequestBytes,
            WalFsync = sources.GetStruct<WalSyncMode>(SettingNames.WalFsync, ParseWalSync) ?? settings.WalFsync,
            LogFormat = sources.GetStruct<LogFormat>(SettingNames.LogFormat, ParseLogFormat) ?? settings.LogFormat,
            MetricsOooWindow = sources.GetStruct<TimeSpan>(SettingNames.MetricsOooWindow, ParseWindow) ?? settings.MetricsOooWindow,
            QueryLookbackDelta = sources.GetStruct<TimeSpan>(SettingNames.QueryLookbackDelta, ParseRetention) ?? settings.QueryLookbackDelta,
            MetricsMaxSeries = sources.GetStruct<int>(SettingNames.MetricsMaxSeries, ParseSeriesLimit) ?? settings.MetricsMaxSeries,
            MetricsMaxSeriesPerMetric = sources.GetStruct<int>(SettingNames.MetricsMaxSeriesPerMetric, ParseSeriesLimit) ?? settings.MetricsMaxSeriesPerMetric,
            ConfigPath = string.IsNullOrEmpty(configPath) ? null : configPath,
        };
    }

    private static string? ParseAddress(string text, out ListenAddress value)
    {
        ListenAddress.TryParse(text, out value, out var error);
        return error;
    }

    private static string? ParseRetention(string text, out TimeSpan value)
    {
        value = default;
        if (!GoDuration.TryParse(text, out var nanos, out var error)) return error;
        if (nanos <= 0) return "must be positive";
        value = TimeSpan.FromTicks(nanos / 100);
        return null;
    }

    private static string? ParseWindow(string text, out TimeSpan value)
    {
        value = default;
        if (!GoDuration.TryParse(text, out var nanos, out var error)) return error;
        if (nanos < 0) return "must not be negative";
        value = TimeSpan.FromTicks(nanos / 100);
        return null;
    }

    /// <summary>A series count limit: a non-negative integer, 0 for none.</summary>
    private static string? ParseSeriesLimit(string text, out int value) =>
        int.TryParse(text.Trim().Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out value)
            ? null
            : $"expected a series count from 0 (unlimited) to {int.MaxValue}";

    private static string? ParseBool(string text, out bool value)
    {
        value = text.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on";
        return text.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on" or "false" or "0" or "no" or "off"
            ? null
            : "expected true or false";
    }

    /// <summary>A byte count: a plain integer or one with a unit (KiB, MiB, GiB; KB, MB, GB as powers of 1000).</summary>
    internal static string? ParseByteSize(string text, out long value)
    {
        value = 0;
        var s = text.Trim();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
        if (digits == 0 || !long.TryParse(s.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return "expected a byte count such as 16777216 or 16MiB";
        long unit = s[digits..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KIB" => 1L << 10,
            "M" or "MIB" => 1L << 20,
            "G" or "GIB" => 1L << 30,
            "KB" => 1_000,
            "MB" => 1_000_000,
            "GB" => 1_000_000_000,
            _ => 0,
        };
        if (unit == 0) return $"unknown unit '{s[digits..].Trim()}' (use KiB, MiB, GiB, KB, MB or GB)";
        // Array.MaxLength bounds one request buffer; larger limits could never be honoured.
        if (number == 0 || number > Array.MaxLength / unit) return $"must be between 1 byte and {Array.MaxLength} bytes";
        value = number * unit;
        return null;
    }

    private static string? ParseWalSync(string text, out WalSyncMode value)
    {
        (value, var ok) = text.Trim().ToLowerInvariant() switch
        {
            "always" => (WalSyncMode.Always, true),
            "interval" => (WalSyncMode.Interval, true),
            "none" => (WalSyncMode.None, true),
            _ => (default, false),
        };
        return ok ? null : "expected always, interval or none";
    }

    private static string? ParseLogFormat(string text, out LogFormat value)
    {
        (value, var ok) = text.Trim().ToLowerInvariant() switch
        {
            "json" => (LogFormat.Json, true),
            "text" => (LogFormat.Text, true),
            _ => (default, false),
        };
        return ok ? null : "expected json or text";
    }

    private delegate string? Parser<T>(string text, out T value);

    private sealed class Sources(
        IReadOnlyDictionary<string, string> flags,
        Func<string, string?> environment,
        IReadOnlyDictionary<string, string> file,
        string? configPath)
    {
        public T? GetStruct<T>(string name, Parser<T> parse) where T : struct
        {
            if (!TryFind(name, out var text, out var source)) return null;
            var error = parse(text, out var value);
            if (error is not null) throw new SettingsException($"invalid {source}: '{text}': {error}");
            return value;
        }

        public string? Get(string name, Func<string, string, string?> parse, string reason)
        {
            if (!TryFind(name, out var text, out var source)) return null;
            return parse(text, source) ?? throw new SettingsException($"invalid {source}: '{text}': {reason}");
        }

        private bool TryFind(string name, out string text, out string source)
        {
            if (flags.TryGetValue(name, out text!))
            {
                source = "--" + name;
                return true;
            }
            var variable = SettingNames.EnvironmentVariable(name);
            var fromEnvironment = environment(variable);
            if (fromEnvironment is not null)
            {
                text = fromEnvironment;
                source = "environment variable " + variable;
                return true;
            }
            if (file.TryGetValue(name, out text!))
            {
                source = $"'{name}' in config file '{configPath}'";
                return true;
            }
            source = string.Empty;
            return false;
        }
    }
}
