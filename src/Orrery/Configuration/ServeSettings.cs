using Orrery.Storage.Wal;

namespace Orrery.Configuration;

/// <summary>Everything <c>orrery serve</c> needs, after flags, environment and config file were merged.</summary>
internal sealed record ServeSettings
{
    public string DataDirectory { get; init; } = "./data";

    public ListenAddress Http { get; init; } = new("127.0.0.1", 3200);

    public ListenAddress OtlpGrpc { get; init; } = new("127.0.0.1", 4317);

    public ListenAddress OtlpHttp { get; init; } = new("127.0.0.1", 4318);

    /// <summary>Null: the storage engine's default.</summary>
    public TimeSpan? Retention { get; init; }

    public bool MultiTenant { get; init; }

    public long MaxRequestBytes { get; init; } = Receive.Otlp.OtlpReceiveOptions.DefaultMaxRequestBytes;

    /// <summary>Null: the storage engine's default.</summary>
    public WalSyncMode? WalFsync { get; init; }

    public LogFormat LogFormat { get; init; } = LogFormat.Json;
}
