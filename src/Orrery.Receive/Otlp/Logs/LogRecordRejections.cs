namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// Counts the log records of one request that were rejected alone and keeps the first reason,
/// for the OTLP partial-success <c>error_message</c>.
/// </summary>
internal struct LogRecordRejections
{
    private string? _first;

    public int Count { get; private set; }

    public void Add(string path, string reason) => Add(1, path, reason);

    public void Add(int records, string path, string reason)
    {
        if (records <= 0) return;
        Count += records;
        _first ??= $"{path}: {reason}";
    }

    public readonly string? Message => Count switch
    {
        0 => null,
        1 => $"1 log record rejected: {_first}",
        _ => $"{Count} log records rejected; the first: {_first}",
    };
}
