using System.Globalization;

namespace Orrery.Generate.ClickHouse;

/// <summary>
/// The files of <c>orrery gen … --clickhouse-rows DIR</c>: one TabSeparated file per worker
/// (<c>otel_traces.3.tsv</c>) and the table's column list beside them (<c>otel_traces.columns</c>),
/// so a loader runs <c>INSERT INTO otel_traces ($(cat otel_traces.columns)) FORMAT TabSeparated</c>.
/// Existing files of the table are replaced.
/// </summary>
public sealed class ClickHouseRowFiles : IDisposable
{
    private readonly string _directory;
    private readonly List<IDisposable> _open = [];
    private readonly Lock _lock = new();

    public ClickHouseRowFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        _directory = directory;
    }

    public ClickHouseSpanRows Spans(int worker)
    {
        var rows = new ClickHouseSpanRows(Open(ClickHouseSpanRows.Table, ClickHouseSpanRows.Columns, worker));
        Track(rows);
        return rows;
    }

    public ClickHouseLogRows Logs(int worker)
    {
        var rows = new ClickHouseLogRows(Open(ClickHouseLogRows.Table, ClickHouseLogRows.Columns, worker));
        Track(rows);
        return rows;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var rows in _open) rows.Dispose();
            _open.Clear();
        }
    }

    private FileStream Open(string table, string columns, int worker)
    {
        if (worker == 0)
        {
            File.WriteAllText(Path.Combine(_directory, table + ".columns"), columns + "\n");
            foreach (var old in Directory.EnumerateFiles(_directory, table + ".*.tsv")) File.Delete(old);
        }
        var path = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{table}.{worker}.tsv"));
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
    }

    private void Track(IDisposable rows)
    {
        lock (_lock) _open.Add(rows);
    }
}
