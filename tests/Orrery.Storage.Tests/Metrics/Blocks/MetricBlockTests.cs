using Orrery.Signals.Labels;
using Orrery.Storage.Metrics.Blocks;
using static Orrery.Storage.Tests.Metrics.Blocks.MetricBlockTestData;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Storage.Tests.Metrics.Blocks;

public sealed class MetricBlockTests : IDisposable
{
    private readonly string _dir = TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LabelSet[] s_labels =
    [
        LabelSet.From(("__name__", "http_requests_total"), ("job", "api"), ("code", "200")),
        LabelSet.From(("__name__", "http_requests_total"), ("job", "api"), ("code", "500")),
        LabelSet.From(("__name__", "http_requests_total"), ("job", "web"), ("code", "200"), ("canary", "yes")),
        LabelSet.From(("__name__", "up"), ("job", "api")),
        LabelSet.From(("__name__", "up"), ("job", "web")),
        LabelSet.From(("__name__", "temperature"), ("room", "ünïcödé ☃")),
    ];

    private (BlockMeta Meta, Dictionary<LabelSet, List<(long, double)>> Expected) WriteSample()
    {
        var expected = new Dictionary<LabelSet, List<(long, double)>>();
        var series = new List<BlockSeries>();
        var random = new Random(1);
        foreach (var labels in s_labels.Order())
        {
            var samples = Enumerable.Range(0, 500).Select(i => (1_000_000L + i * 15_000 + random.Next(-3, 4), (double)(i * random.Next(1, 4)))).ToList();
            expected[labels] = samples;
            series.Add(Series(labels, samples));
        }
        var meta = MetricBlockWriter.Write(_dir, series, 1_000_000, 1_000_000 + 500 * 15_000);
        return (meta, expected);
    }

    private static LabelMatcher M(MatchType type, string name, string value) => new(type, name, value);

    [Fact]
    public void WriteThenOpenReadsBackEverySeriesAndSample()
    {
        var (meta, expected) = WriteSample();
        Assert.Equal(6, meta.NumSeries);
        Assert.Equal(6 * 500, meta.NumSamples);
        // The writer re-cuts float samples into chunks of 240 (ChunkLayout.ChunkSamples): 500 → 240 + 240 + 20.
        Assert.Equal(6 * 3, meta.NumChunks);
        Assert.Equal(1, meta.Level);
        using var block = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        Assert.Equal(meta, block.Meta);
        var all = block.Select([], long.MinValue, long.MaxValue).ToList();
        Assert.Equal(s_labels.Order(), all.Select(s => s.Labels));
        foreach (var s in all) Assert.Equal(expected[s.Labels], Samples(s));
        Assert.DoesNotContain(Directory.EnumerateDirectories(_dir), d => d.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.True(meta.SizeBytes > 0);
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 20 * 2)]
    public void SeriesScrapedTogetherShareTheirTimestampColumns(bool sameTarget, int expectedColumns)
    {
        var random = new Random(3);
        var shared = Enumerable.Range(0, 480).Select(i => 1_000_000L + i * 15_000 + random.Next(-5, 6)).ToArray();
        var series = new List<BlockSeries>();
        var expected = new Dictionary<LabelSet, List<(long, double)>>();
        for (var s = 0; s < 20; s++)
        {
            var times = sameTarget ? shared : shared.Select(t => t + random.Next(0, 2)).ToArray();
            var samples = times.Select((t, i) => (t, (double)(i * s))).ToList();
            var labels = LabelSet.From(("__name__", "m"), ("s", s.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)));
            expected[labels] = samples;
            series.Add(Series(labels, samples));
        }
        var meta = MetricBlockWriter.Write(_dir, series, 1_000_000, 1_000_000 + 480 * 15_000);
        var directory = Path.Combine(_dir, meta.Id);
        var index = new MetricIndexReader(File.ReadAllBytes(Path.Combine(directory, "index")), meta.MinTimeMs);
        Assert.Equal(expectedColumns, index.ColumnCount);
        using var block = MetricBlock.Open(directory);
        foreach (var s in block.Select([], long.MinValue, long.MaxValue)) Assert.Equal(expected[s.Labels], Samples(s));
        // A range inside the second chunk reads only that chunk, its timestamps from the column.
        var second = block.Select([], 1_000_000 + 300 * 15_000, 1_000_000 + 310 * 15_000).First();
        Assert.Single(second.Chunks);
        Assert.Equal(expected[second.Labels].Skip(240).ToList(), Samples(second));
    }

    [Fact]
    public void SelectReturnsOnlyChunksOverlappingTheRange()
    {
        var (meta, _) = WriteSample();
        using var block = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        var from = 1_000_000L + 200 * 15_000;
        var to = 1_000_000L + 260 * 15_000;
        var selected = block.Select([M(MatchType.Equal, "__name__", "up")], from, to).ToList();
        Assert.Equal(2, selected.Count);
        foreach (var s in selected)
        {
            Assert.All(s.Chunks, c => Assert.True(c.MaxTimeMs >= from && c.MinTimeMs <= to));
            Assert.Equal(2, s.Chunks.Count);
        }
        Assert.Empty(block.Select([M(MatchType.Equal, "__name__", "up")], 0, 999_000));
    }

    public static TheoryData<string, string, string, string, int> MatcherCases() => new()
    {
        // name, op, label, value, expected count
        { "__name__", "=", "http_requests_total", "", 3 },
        { "code", "=", "200", "", 2 },
        { "code", "!=", "200", "", 4 },
        { "code", "=", "", "", 3 },
        { "canary", "!=", "", "", 1 },
        { "job", "=~", "a.*", "", 3 },
        { "job", "!~", "a.*", "", 3 },
        { "job", "=~", ".*", "", 6 },
        { "job", "=~", ".+", "", 5 },
        { "missing", "=", "", "", 6 },
        { "missing", "=", "x", "", 0 },
        { "room", "=", "ünïcödé ☃", "", 1 },
    };

    [Theory]
    [MemberData(nameof(MatcherCases))]
    public void MatchersFollowPrometheusSemantics(string name, string op, string value, string unused, int expected)
    {
        _ = unused;
        var (meta, _) = WriteSample();
        using var block = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        var type = op switch { "=" => MatchType.Equal, "!=" => MatchType.NotEqual, "=~" => MatchType.Regex, _ => MatchType.NotRegex };
        var matcher = M(type, name, value);
        var selected = block.Select([matcher], long.MinValue, long.MaxValue).Select(s => s.Labels).ToList();
        Assert.Equal(expected, selected.Count);
        Assert.Equal(s_labels.Where(l => l.Matches([matcher])).Order(), selected);
    }

    [Fact]
    public void SeveralMatchersIntersect()
    {
        var (meta, _) = WriteSample();
        using var block = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        LabelMatcher[] matchers = [M(MatchType.Equal, "__name__", "http_requests_total"), M(MatchType.NotEqual, "code", "500"), M(MatchType.Equal, "canary", "")];
        var selected = block.Select(matchers, long.MinValue, long.MaxValue).Select(s => s.Labels).ToList();
        Assert.Equal([s_labels[0]], selected);
    }

    [Fact]
    public void LabelNamesAndValues()
    {
        var (meta, _) = WriteSample();
        using var block = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        Assert.Equal(["__name__", "canary", "code", "job", "room"], block.LabelNames());
        Assert.Equal(["__name__", "job"], block.LabelNames([M(MatchType.Equal, "__name__", "up")]));
        Assert.Equal(["api", "web"], block.LabelValues("job"));
        Assert.Equal(["http_requests_total", "temperature", "up"], block.LabelValues("__name__"));
        Assert.Equal(["200"], block.LabelValues("code", [M(MatchType.Equal, "job", "web")]));
        Assert.Empty(block.LabelValues("nope"));
        Assert.Empty(block.LabelValues("code", [M(MatchType.Equal, "job", "nope")]));
    }

    [Fact]
    public void WriterRejectsUnsortedSeries()
    {
        var a = Series(s_labels[3], [(1, 1)]);
        var b = Series(s_labels[0], [(1, 1)]);
        Assert.Throws<ArgumentException>(() => MetricBlockWriter.Write(_dir, [a, b], 0, 10));
        Assert.Throws<ArgumentException>(() => MetricBlockWriter.Write(_dir, [a, a], 0, 10));
        Assert.Empty(Directory.EnumerateDirectories(_dir));
    }

    [Fact]
    public void EmptyBlockOpens()
    {
        var meta = MetricBlockWriter.Write(_dir, [], 0, 10);
        using var block = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        Assert.Empty(block.Select([], long.MinValue, long.MaxValue));
        Assert.Empty(block.LabelNames());
    }

    [Theory]
    [InlineData("index")]
    [InlineData("meta.json")]
    public void CorruptOrMissingFilesFailOpenWithInvalidData(string file)
    {
        var (meta, _) = WriteSample();
        var dir = Path.Combine(_dir, meta.Id);
        var path = Path.Combine(dir, file);
        var bytes = File.ReadAllBytes(path);
        for (var i = 0; i < bytes.Length; i += 97)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x10;
            File.WriteAllBytes(path, copy);
            try
            {
                using var block = MetricBlock.Open(dir);
                // A flip in JSON whitespace or a digit of a number may still parse; the index must not.
                Assert.Equal("meta.json", file);
            }
            catch (InvalidDataException)
            {
            }
        }
        File.Delete(path);
        Assert.Throws<InvalidDataException>(() => MetricBlock.Open(dir));
    }

    [Fact]
    public void TruncatedIndexFailsOpen()
    {
        var (meta, _) = WriteSample();
        var path = Path.Combine(_dir, meta.Id, "index");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Throws<InvalidDataException>(() => MetricBlock.Open(Path.Combine(_dir, meta.Id)));
    }

    [Fact]
    public void ACorruptChunkFailsTheReadThatTouchesIt()
    {
        var (meta, _) = WriteSample();
        var path = Path.Combine(_dir, meta.Id, "chunks");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        using var block = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        Assert.Throws<InvalidDataException>(() => block.Select([], long.MinValue, long.MaxValue).ToList());
    }

    [Fact]
    public void RemoveIncompleteDeletesTempAndMetaLessDirectories()
    {
        var (meta, _) = WriteSample();
        Directory.CreateDirectory(Path.Combine(_dir, "01ABC.tmp"));
        Directory.CreateDirectory(Path.Combine(_dir, "01DEF"));
        MetricBlockWriter.RemoveIncomplete(_dir);
        Assert.Equal([Path.Combine(_dir, meta.Id)], Directory.EnumerateDirectories(_dir));
    }
}
