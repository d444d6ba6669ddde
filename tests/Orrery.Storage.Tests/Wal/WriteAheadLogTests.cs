using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Storage.Tests.Support;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Tests.Wal;

public class WriteAheadLogTests
{
    private static readonly WalOptions NoSync = new() { SyncMode = WalSyncMode.None };

    [Theory]
    [InlineData(WalSyncMode.Always)]
    [InlineData(WalSyncMode.Interval)]
    [InlineData(WalSyncMode.None)]
    public async Task Records_round_trip_in_order(WalSyncMode mode)
    {
        using var dir = new TempDirectory();
        var payloads = Enumerable.Range(0, 50).Select(Payload).ToList();
        await using (var wal = Start(dir.Path, new WalOptions { SyncMode = mode }))
        {
            foreach (var p in payloads) await wal.AppendAsync((byte)(p.Length % 7), p);
        }

        var (records, result) = Replay(dir.Path);

        Assert.Equal(payloads.Count, result.Records);
        Assert.Empty(result.Losses);
        Assert.Equal(payloads.Select(p => Convert.ToHexString(p)), records.Select(r => Convert.ToHexString(r.Payload)));
        Assert.Equal(payloads.Select(p => (byte)(p.Length % 7)), records.Select(r => r.Type));
    }

    [Fact]
    public async Task Segments_rotate_at_the_size_limit_and_replay_across_them()
    {
        using var dir = new TempDirectory();
        await using (var wal = Start(dir.Path, NoSync with { SegmentBytes = 1024 }))
        {
            for (var i = 0; i < 40; i++) await wal.AppendAsync(1, Payload(100 + i));
        }

        var (records, result) = Replay(dir.Path);

        Assert.True(Directory.GetFiles(dir.Path, "*.wal").Length > 4);
        Assert.Equal(40, result.Records);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => 100 + i), records.Select(r => r.Payload.Length));
        Assert.Equal(records.Select(r => r.Position).Order(), records.Select(r => r.Position));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(16)] // the whole payload of the last record, leaving its header
    [InlineData(30)] // into the header of the last record
    public async Task Torn_tail_is_truncated_and_the_log_accepts_appends_after_it(int bytesCut)
    {
        using var dir = new TempDirectory();
        await using (var wal = Start(dir.Path, NoSync))
        {
            for (var i = 0; i < 10; i++) await wal.AppendAsync(1, Payload(20));
        }
        var segment = Directory.GetFiles(dir.Path, "*.wal").Single();
        var fullLength = new FileInfo(segment).Length;
        using (var f = new FileStream(segment, FileMode.Open)) f.SetLength(fullLength - bytesCut);

        var logger = new ListLogger();
        var kept = new List<WalRecord>();
        var replay = WriteAheadLog.Open(dir.Path, NoSync, logger);
        var result = replay.Replay(r => kept.Add(r));
        replay.Start();
        await replay.AppendAsync(2, Payload(33));
        await replay.DisposeAsync();

        Assert.Equal(9, result.Records);
        var loss = Assert.Single(result.Losses);
        Assert.Equal(9L * (16 + 20), loss.Offset);
        Assert.StartsWith("torn tail", loss.Reason, StringComparison.Ordinal);
        Assert.Equal(9L * (16 + 20), new FileInfo(segment).Length);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("torn tail", StringComparison.Ordinal));

        var (records, again) = Replay(dir.Path);
        Assert.Empty(again.Losses);
        Assert.Equal(10, records.Count);
        Assert.Equal(33, records[^1].Payload.Length);
    }

    [Theory]
    [InlineData(0)]  // magic
    [InlineData(5)]  // checksum
    [InlineData(9)]  // length
    [InlineData(12)] // type
    [InlineData(25)] // payload
    public async Task A_damaged_record_in_the_middle_loses_only_itself(int byteInRecord)
    {
        using var dir = new TempDirectory();
        await using (var wal = Start(dir.Path, NoSync))
        {
            for (var i = 0; i < 10; i++) await wal.AppendAsync(1, Payload(20 + i));
        }
        var segment = Directory.GetFiles(dir.Path, "*.wal").Single();
        var bytes = File.ReadAllBytes(segment);
        var damagedOffset = Enumerable.Range(0, 4).Sum(i => 16 + 20 + i); // record #4
        bytes[damagedOffset + byteInRecord] ^= 0x5A;
        File.WriteAllBytes(segment, bytes);

        var logger = new ListLogger();
        var (records, result) = Replay(dir.Path, logger);

        Assert.Equal(9, result.Records);
        Assert.Equal(new[] { 20, 21, 22, 23, 25, 26, 27, 28, 29 }, records.Select(r => r.Payload.Length));
        var loss = Assert.Single(result.Losses);
        Assert.Equal((1, (long)damagedOffset, 16L + 24), (loss.Segment, loss.Offset, loss.Bytes));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains($"offset {damagedOffset}", StringComparison.Ordinal));
        Assert.Equal(bytes.Length, new FileInfo(segment).Length); // not a tail: nothing truncated
    }

    [Fact]
    public async Task Damage_at_the_end_of_an_older_segment_is_reported_and_later_segments_still_replay()
    {
        using var dir = new TempDirectory();
        await using (var wal = Start(dir.Path, NoSync))
        {
            for (var i = 0; i < 3; i++) await wal.AppendAsync(1, Payload(20));
        }
        await using (var wal = Start(dir.Path, NoSync)) await wal.AppendAsync(1, Payload(44));
        var first = Directory.GetFiles(dir.Path, "*.wal").Order().First();
        var bytes = File.ReadAllBytes(first);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(first, bytes);

        var (records, result) = Replay(dir.Path);

        Assert.Equal(new[] { 20, 20, 44 }, records.Select(r => r.Payload.Length));
        var loss = Assert.Single(result.Losses);
        Assert.Equal((1, 2L * 36, 36L), (loss.Segment, loss.Offset, loss.Bytes));
    }

    [Fact]
    public async Task Concurrent_appenders_share_one_write_and_one_fsync()
    {
        using var dir = new TempDirectory();
        await using var wal = Start(dir.Path, new WalOptions { SyncMode = WalSyncMode.Always });
        using var gate = new ManualResetEventSlim();
        // The first record's callback holds the writer loop, so the next appends queue up
        // behind it and must be written as one group.
        var first = wal.AppendAsync(1, Payload(10), _ => gate.Wait());
        while (wal.WriteCalls == 0) await Task.Yield();
        var queued = new Task<WalPosition>[100];
        Parallel.For(0, queued.Length, i => queued[i] = wal.AppendAsync(1, Payload(i + 1)));
        gate.Set();
        var positions = await Task.WhenAll(queued);
        await first;

        Assert.Equal(2, wal.WriteCalls);
        Assert.Equal(2, wal.SyncCalls);
        Assert.Equal(100, positions.Distinct().Count());
    }

    [Fact]
    public async Task Callbacks_run_in_log_order_before_the_append_completes()
    {
        using var dir = new TempDirectory();
        await using var wal = Start(dir.Path, NoSync);
        var seen = new List<WalPosition>();
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(() => wal.AppendAsync(1, Payload(i % 50 + 1), p =>
        {
            lock (seen) seen.Add(p);
        }))).ToArray();
        var positions = await Task.WhenAll(tasks);

        Assert.Equal(200, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.All(positions, p => Assert.Contains(p, seen));
    }

    [Fact]
    public async Task Deleting_segments_keeps_the_current_one_and_later_ones()
    {
        using var dir = new TempDirectory();
        await using var wal = Start(dir.Path, NoSync with { SegmentBytes = 100 });
        for (var i = 0; i < 6; i++) await wal.AppendAsync(1, Payload(90));
        var current = wal.CurrentSegment;

        wal.DeleteSegmentsBefore(int.MaxValue);

        var remaining = Directory.GetFiles(dir.Path, "*.wal").Select(Path.GetFileNameWithoutExtension).Select(int.Parse!).ToList();
        Assert.Equal(new[] { current }, remaining);
    }

    [Fact]
    public async Task Start_numbers_new_segments_above_a_given_minimum()
    {
        using var dir = new TempDirectory();
        var wal = WriteAheadLog.Open(dir.Path, NoSync, NullLogger.Instance);
        wal.Replay(_ => { });
        wal.Start(minimumSegment: 42);
        var position = await wal.AppendAsync(1, Payload(3));
        await wal.DisposeAsync();

        Assert.Equal(42, position.Segment);
    }

    private static WriteAheadLog Start(string directory, WalOptions options)
    {
        var wal = WriteAheadLog.Open(directory, options, NullLogger.Instance);
        wal.Replay(_ => { });
        wal.Start();
        return wal;
    }

    private static (List<(WalPosition Position, byte Type, byte[] Payload)> Records, WalReplayResult Result) Replay(string directory, ILogger? logger = null)
    {
        var records = new List<(WalPosition, byte, byte[])>();
        var wal = WriteAheadLog.Open(directory, NoSync, logger ?? NullLogger.Instance);
        var result = wal.Replay(r => records.Add((r.Position, r.Type, r.Payload.ToArray())));
        return (records, result);
    }

    private static byte[] Payload(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(length * 31 + i);
        return bytes;
    }
}
