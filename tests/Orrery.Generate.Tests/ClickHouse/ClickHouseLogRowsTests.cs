using System.Text;
using Orrery.Generate.ClickHouse;
using Orrery.Generate.Logs;
using Orrery.Signals;
using Orrery.Signals.Logs;

namespace Orrery.Generate.Tests.ClickHouse;

public class ClickHouseLogRowsTests
{
    [Fact]
    public void Each_line_becomes_one_row_with_its_body_ids_service_and_labels()
    {
        var batch = new LogBatch();
        new LogStreamSet([0, 1, 2], lineSize: 0, seed: 9).Fill(batch, 500, nowNs: 1_700_000_000_000_000_000);

        var rows = TsvReader.Rows(Write(batch), ClickHouseLogRows.Columns);

        Assert.Equal(batch.Records.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var record = batch.Records[i];
            var row = rows[i];
            Assert.Equal(Encoding.UTF8.GetString(batch.Utf8(record.Line)), TsvReader.Unescape(row["Body"]));
            Assert.Equal(record.TimestampNs.ToString(System.Globalization.CultureInfo.InvariantCulture), row["Timestamp"]);
            Assert.Equal(record.TraceId.IsEmpty ? "" : record.TraceId.ToHex(), row["TraceId"]);
            Assert.Equal(record.SeverityNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), row["SeverityNumber"]);
            var labels = batch.LabelsOf(record.Stream).ToArray();
            Assert.Equal(labels.Select(l => batch.String(l.Name)), TsvReader.Array(row["ResourceAttributes.Key"]));
            Assert.Equal(labels.Select(l => batch.String(l.Value)), TsvReader.Array(row["ResourceAttributes.Value"]));
            Assert.Equal(labels.Single(l => batch.String(l.Name) == "service_name").Value is var v ? batch.String(v) : null, row["ServiceName"]);
            Assert.Empty(TsvReader.Array(row["LogAttributes.Key"]));
        }
        Assert.Contains(rows, r => TsvReader.Unescape(r["Body"]).Contains('\n', StringComparison.Ordinal));
        Assert.Equal(["DEBUG", "ERROR", "INFO", "WARN"], rows.Select(r => r["SeverityText"]).Distinct().Order());
    }

    [Fact]
    public void Lines_inside_a_span_take_their_trace_ids_from_the_given_list()
    {
        TraceId[] ids = [new(1, 1), new(2, 2), new(3, 3)];
        var batch = new LogBatch();
        new LogStreamSet([0, 1], lineSize: 0, seed: 4, ids).Fill(batch, 400, nowNs: 1_700_000_000_000_000_000);

        var inSpan = batch.Records.AsSpan().ToArray().Where(r => !r.TraceId.IsEmpty).ToList();

        Assert.InRange(inSpan.Count, 120, 280);
        Assert.All(inSpan, r => Assert.Contains(r.TraceId, ids));
        Assert.Equal(ids, inSpan.Select(r => r.TraceId).Distinct().Order());
    }

    [Fact]
    public void A_trace_id_file_reads_one_id_a_line_and_refuses_anything_else()
    {
        using var directory = new TempDirectory();
        var good = System.IO.Path.Combine(directory.Path, "ids.txt");
        File.WriteAllText(good, "0000000000000001000000000000000a\n\n3bc700e2cda7f51837656d429958b0fb\n");
        var bad = System.IO.Path.Combine(directory.Path, "bad.txt");
        File.WriteAllText(bad, "3bc700e2cda7f51837656d429958b0fb\nnot-an-id\n");

        Assert.Equal([new TraceId(1, 10), TraceId.ParseHex("3bc700e2cda7f51837656d429958b0fb")], TraceIdFile.Read(good));
        Assert.Contains("bad.txt:2", Assert.Throws<ArgumentException>(() => TraceIdFile.Read(bad)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TraceIdFile.Read(System.IO.Path.Combine(directory.Path, "missing.txt")));
    }

    private static byte[] Write(LogBatch batch)
    {
        using var stream = new MemoryStream();
        using var rows = new ClickHouseLogRows(stream);
        rows.Write(batch);
        return stream.ToArray();
    }
}
