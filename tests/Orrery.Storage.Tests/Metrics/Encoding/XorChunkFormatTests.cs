using System.Security.Cryptography;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Tests.Metrics.Encoding;

/// <summary>
/// The float chunk's bytes are a stored format (blocks, checkpoints; FORMAT.md): the encoder's
/// state may be laid out anew, the bits it writes may not change. The pins are the first 16
/// bytes of SHA-256 of the bytes the encoder wrote before its state was packed (session 8).
/// </summary>
public class XorChunkFormatTests
{
    public static TheoryData<string> CaseNames() => [.. XorChunkFormatCases.All().Select(c => c.Name)];

    [Theory]
    [InlineData("counter", "7D9D51845918DC4438F6D5080315147A", "E37367D6104B19DD912C63E7ED7018A6", "F934664E98DD9826ADEF58DD8ED796E9")]
    [InlineData("counter-regular", "9F99393F0A71447C5C3E733ACEDA9531", "9F99393F0A71447C5C3E733ACEDA9531", "11F820108B41057B3F4D8BB539150BC2")]
    [InlineData("gauge-2-decimals", "B972E0D5D36B578D0FC609AC3C33DE48", "C21BFF965E30A942F8CD8DEC2A530BC5", "36F6B6F098B29D856C676CA1971AC8E3")]
    [InlineData("float-xor", "6B6805D927232DC4DD89325B41B2BCB3", "6B6805D927232DC4DD89325B41B2BCB3", "4F7481D6010211F851EE8A26377EA78E")]
    [InlineData("decimals-growing", "EA19EF47AACAA87201534E4082602E2A", "EA19EF47AACAA87201534E4082602E2A", "7FB2E88ED82825827F2E0A64FD0B6961")]
    [InlineData("stale-marker-in-counter", "C4FD08D7025F2DCE29D24D9F3CFC8AB3", "EC87D3F7D6273645C30F96014DC15994", "B17722DFB1EF03D1BCCF9B83666A2BB4")]
    [InlineData("exceptions-then-xor", "8D9F422A53F1E97B31ED5DA1CD2FC19F", "8D9F422A53F1E97B31ED5DA1CD2FC19F", "E378D62D35C5B2A80A72DDC7C0598B71")]
    [InlineData("edge-values", "EAF835DC1B3AB74DE400339FA62F98EF", "EAF835DC1B3AB74DE400339FA62F98EF", "7F26188B6A3F62A4341993181CD23FB4")]
    [InlineData("counter-reset", "C715B1DACDCC3325BBDAE77C4CB3B032", "B298C91265C41296B9990992F4BC5094", "ADA33E4801BFCEF1D656C8E9D1A3EB7D")]
    [InlineData("longest", "4DD8909781D5F9D3EAC6E234EC181C76", "4DD8909781D5F9D3EAC6E234EC181C76", "10C43FBD0E03D91A9F22297B9B291DC9")]
    [InlineData("huge-and-tiny-gaps", "A6BE88E8D79EB69156AAA851F37C26E6", "A6BE88E8D79EB69156AAA851F37C26E6", "BF11840ECFA7BA67D4950764E249AF69")]
    [InlineData("first-timestamp-min", "0899F9DB6013D46787ABD58965E4EE97", "8D87177563145A48B7AA6C54801280EC", "AD3776DC6C6087CC89739DD15B71E5AF")]
    public void TheEncoderWritesTheSameBitsAsBefore(string name, string appended, string encoded, string valuesOnly)
    {
        var (_, timestamps, values) = XorChunkFormatCases.All().Single(c => c.Name == name);
        Assert.Equal(appended, Pin(Append(new XorChunk(), timestamps, values).Bytes.Span));
        Assert.Equal(encoded, Pin(XorChunk.Encode(timestamps, values).Bytes.Span));
        Assert.Equal(valuesOnly, Pin(XorChunk.EncodeValues(timestamps, values, TimestampColumn.Encode(timestamps)).Bytes.Span));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ASizeHintChangesNoBitAndReadersBesideTheGrowingBufferStayRight(string name)
    {
        var (_, timestamps, values) = XorChunkFormatCases.All().Single(c => c.Name == name);
        var plain = Append(new XorChunk(), timestamps, values);
        foreach (var hint in new[] { 0, 1, 64, 300, 100_000 })
        {
            var hinted = new XorChunk(hint);
            var readers = new List<(int Count, ISampleIterator Iterator)>();
            for (var i = 0; i < timestamps.Length; i++)
            {
                hinted.Append(timestamps[i], values[i]);
                if (i % 17 == 0 && i < 2000) readers.Add((i + 1, hinted.Iterator()));
            }
            Assert.True(plain.Bytes.Span.SequenceEqual(hinted.Bytes.Span), $"hint {hint}");
            foreach (var (count, iterator) in readers) AssertSamples(timestamps.AsSpan(0, count), values.AsSpan(0, count), iterator);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void FirstAndLastTimestampsAreThoseAppended(string name)
    {
        var (_, timestamps, values) = XorChunkFormatCases.All().Single(c => c.Name == name);
        var chunks = new[]
        {
            Append(new XorChunk(), timestamps, values),
            XorChunk.Encode(timestamps, values),
            XorChunk.EncodeValues(timestamps, values, TimestampColumn.Encode(timestamps)),
        };
        foreach (var chunk in chunks)
        {
            Assert.Equal(timestamps.Length, chunk.Count);
            Assert.Equal(timestamps[0], chunk.MinTimeMs);
            Assert.Equal(timestamps[^1], chunk.MaxTimeMs);
            AssertSamples(timestamps, values, chunk.Iterator());
        }
    }

    [Fact]
    public void AnEmptyChunkHasNoTimeRange()
    {
        var chunk = new XorChunk(200);
        Assert.Equal(0, chunk.Count);
        Assert.Equal(long.MaxValue, chunk.MinTimeMs);
        Assert.Equal(long.MinValue, chunk.MaxTimeMs);
        Assert.Equal(SampleKind.None, chunk.Iterator().Next());
    }

    [Fact]
    public void ANegativeSizeHintIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new XorChunk(-1));

    [Fact]
    public void TheBufferGrowsInSmallSteps()
    {
        var (_, timestamps, values) = XorChunkFormatCases.All().Single(c => c.Name == "gauge-2-decimals");
        var chunk = new XorChunk();
        var maxEmpty = 0;
        for (var i = 0; i < timestamps.Length; i++)
        {
            chunk.Append(timestamps[i], values[i]);
            maxEmpty = Math.Max(maxEmpty, chunk.BufferCapacity - chunk.Bytes.Length);
        }
        // 1.5× steps left up to a third of a 300-byte buffer empty.
        Assert.InRange(maxEmpty, 1, 40);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1000)]
    public void ALongChunkStillGrowsGeometrically(int hint)
    {
        var (_, timestamps, values) = XorChunkFormatCases.All().Single(c => c.Name == "longest");
        var chunk = hint < 0 ? new XorChunk() : new XorChunk(hint);
        var buffers = 0;
        var capacity = 0;
        for (var i = 0; i < timestamps.Length; i++)
        {
            chunk.Append(timestamps[i], values[i]);
            if (chunk.BufferCapacity != capacity) buffers++;
            capacity = chunk.BufferCapacity;
        }
        // ~650 KB in ⅛ steps is under a hundred buffers; fixed 32-byte steps would be ~20,000.
        Assert.InRange(buffers, 1, 150);
        Assert.InRange(chunk.BufferCapacity - chunk.Bytes.Length, 0, (chunk.Bytes.Length / 8) + 8);
    }

    private static XorChunk Append(XorChunk chunk, long[] timestamps, double[] values)
    {
        for (var i = 0; i < timestamps.Length; i++) chunk.Append(timestamps[i], values[i]);
        return chunk;
    }

    private static void AssertSamples(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values, ISampleIterator iterator)
    {
        for (var i = 0; i < timestamps.Length; i++)
        {
            Assert.Equal(SampleKind.Float, iterator.Next());
            Assert.Equal(timestamps[i], iterator.TimestampMs);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(values[i]), BitConverter.DoubleToUInt64Bits(iterator.Value));
        }
        Assert.Equal(SampleKind.None, iterator.Next());
    }

    private static string Pin(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes))[..32];
}
