using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Orrery.Storage.Encodings;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Tests.Logs;

/// <summary>Chunks store lines as templates and variables when they share shapes; every byte must come back.</summary>
public sealed class TemplatedLinesTests
{
    private static byte[] Encode(IReadOnlyList<byte[]> lines, Func<int, long>? timestamp = null)
    {
        var builder = new ChunkBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            builder.AddLine(timestamp?.Invoke(i) ?? 1_000 + i, lines[i]);
            builder.AddMetadata("n"u8, Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var output = new ByteBuffer();
        builder.Encode(output, ChunkCompression.Default, 8);
        return output.Written.ToArray();
    }

    private static List<string> Decode(byte[] chunk)
    {
        using var decoded = DecodedChunk.Decode(chunk);
        return Enumerable.Range(0, decoded.Count).Select(i => Encoding.UTF8.GetString(decoded.Line(i))).ToList();
    }

    [Theory]
    [InlineData("{\"level\":\"info\",\"ts\":\"2025-06-15T15:06:40.023Z\",\"msg\":\"order 42 placed\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}")]
    [InlineData("ts=2025-06-15T15:06:40.000Z level=warn caller=cart/handler.go:123 duration=007ms bytes=0")]
    [InlineData("10.0.1.1 - - [15/Jun/2025:15:06:40 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.30\" rt=0.003")]
    [InlineData("id 123456789012345678901234567890 and 000000000000000000000001 and 0 and 00")]
    [InlineData("hex abcdef012 (odd), ABCDEF0123456789 (upper), deadbeef (no digit), 0123456789abcdef0123")]
    [InlineData("x86_64 a1b2c3 15T10 123Z v2 ünïcode ✓ tab\there")]
    [InlineData("")]
    [InlineData("...---!!!")]
    public void Lines_of_one_shape_come_back_byte_for_byte(string shape)
    {
        // The same shape with other numbers, as a chunk of one service's lines is.
        var lines = Enumerable.Range(0, 40).Select(i => Encoding.UTF8.GetBytes(i % 3 == 0 ? shape : shape.Replace("1", $"{i}").Replace("a", "b"))).ToList();

        var chunk = Encode(lines);

        Assert.Equal(ChunkFormat.LinesTemplated, DecodedChunk.LinesLayout(chunk));
        Assert.Equal(lines.Select(Encoding.UTF8.GetString), Decode(chunk));
    }

    [Theory]
    [InlineData(3, 1_750_000_000_123_456_789)]
    [InlineData(6, 1_750_000_000_123_456_789)]
    [InlineData(9, 1_750_000_000_123_456_789)]
    [InlineData(3, -1_000_000_000_123_456_789)]
    public void A_line_printing_its_own_time_comes_back_with_the_digits_of_its_timestamp(int digits, long start)
    {
        // Lines that print the record's time to the millisecond (or finer) store those digits as a code.
        long Ts(int i) => start + i * 7_654_321L;
        var lines = Enumerable.Range(0, 50).Select(i =>
        {
            var ts = Ts(i);
            var fraction = ((ts % 1_000_000_000 + 1_000_000_000) % 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture)[..digits];
            // Every seventh line prints a time that is not its own.
            if (i % 7 == 0) fraction = new string('9', digits);
            return Encoding.UTF8.GetBytes($"{DateTimeOffset.FromUnixTimeMilliseconds(ts / 1_000_000):yyyy-MM-ddTHH:mm:ss}.{fraction}Z took 0.{fraction}s");
        }).ToList();

        var chunk = Encode(lines, Ts);

        Assert.Equal(ChunkFormat.LinesTemplated, DecodedChunk.LinesLayout(chunk));
        Assert.Equal(lines.Select(Encoding.UTF8.GetString), Decode(chunk));
    }

    [Fact]
    public void Lines_holding_marker_bytes_are_stored_plain()
    {
        var lines = Enumerable.Range(0, 40).Select(i => Encoding.UTF8.GetBytes($"line {i} \u0001 \u0002 \u0003")).ToList();

        var chunk = Encode(lines);

        Assert.Equal(ChunkFormat.LinesPlain, DecodedChunk.LinesLayout(chunk));
        Assert.Equal(lines.Select(Encoding.UTF8.GetString), Decode(chunk));
    }

    [Fact]
    public void Lines_without_a_shared_shape_are_stored_plain()
    {
        var random = new Random(5);
        var lines = Enumerable.Range(0, 64).Select(_ => Encoding.UTF8.GetBytes(string.Join(' ', Enumerable.Range(0, random.Next(1, 9)).Select(_ => new string('w', random.Next(1, 4)) + ",;:!?"[random.Next(5)])))).ToList();

        var chunk = Encode(lines);

        Assert.Equal(ChunkFormat.LinesPlain, DecodedChunk.LinesLayout(chunk));
        Assert.Equal(lines.Select(Encoding.UTF8.GetString), Decode(chunk));
    }

    [Fact]
    public void The_realistic_mix_is_templated_and_comes_back()
    {
        var logs = new RealisticLogs(seed: 11);
        var batch = new Orrery.Signals.Logs.LogBatch();
        logs.Fill(batch, 2000);
        var lines = batch.Records.AsSpan().ToArray().Select(r => batch.Utf8(r.Line).ToArray()).ToList();

        var chunk = Encode(lines);

        Assert.Equal(ChunkFormat.LinesTemplated, DecodedChunk.LinesLayout(chunk));
        Assert.Equal(lines.Select(Encoding.UTF8.GetString), Decode(chunk));
    }

    /// <summary>Bytes from an alphabet rich in what the tokenizer distinguishes: digits, hex, letters, delimiters, UTF-8, markers.</summary>
    private static readonly byte[] Alphabet = Encoding.UTF8.GetBytes("abcfxzABF0123456789 -_=/.:\"{}é\u0002");

    [Fact]
    public void Any_lines_come_back_byte_for_byte()
    {
        var line = Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n));
        // Few distinct shapes (so chunks are templated) mixed with arbitrary lines.
        var cases =
            from shapes in Gen.NonEmptyListOf(line)
            from picks in Gen.ListOf(Gen.Choose(0, 1000))
            from digits in Gen.ListOf(Gen.Choose(0, 99999))
            select (Shapes: shapes.ToArray(), Picks: picks.ToArray(), Digits: digits.ToArray());
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var lines = new List<byte[]>();
            for (var i = 0; i < Math.Max(c.Picks.Length, 20); i++)
            {
                var shape = c.Shapes[(i < c.Picks.Length ? c.Picks[i] : i) % c.Shapes.Length];
                var n = c.Digits.Length == 0 ? i : c.Digits[i % c.Digits.Length];
                lines.Add([.. shape, .. Encoding.ASCII.GetBytes($" {n:D3} 0x{n:x}")]);
            }
            var chunk = Encode(lines);
            return Decode(chunk).SequenceEqual(lines.Select(Encoding.UTF8.GetString));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-30)]
    [InlineData(-5)]
    public void A_damaged_templated_chunk_is_detected(int position)
    {
        var lines = Enumerable.Range(0, 100).Select(i => Encoding.UTF8.GetBytes($"status={200 + i % 3} took {i}ms id={i:x8}abc")).ToList();
        var bytes = Encode(lines);
        Assert.Equal(ChunkFormat.LinesTemplated, DecodedChunk.LinesLayout(bytes));
        bytes[position < 0 ? bytes.Length + position : position] ^= 0x21;

        Assert.Throws<InvalidDataException>(() => DecodedChunk.Decode(bytes).Dispose());
    }

    [Fact]
    public void Inconsistent_template_sections_are_refused_even_with_a_valid_checksum()
    {
        // One template: "a" then a number; first a line naming template 1, which does not exist, then a buffer longer than the line, then the right one.
        var templates = new ByteBuffer();
        templates.WriteVarUInt(1);
        templates.WriteBytes("a\u0001"u8);
        var ids = new ByteBuffer();
        ids.WriteVarUInt(1);
        var variables = new ByteBuffer();
        variables.WriteVarUInt(LineTemplateEncoder.FractionCodes + 7 * 2);
        long[] timestamps = [0];

        Assert.Throws<InvalidDataException>(() => LineTemplateDecoder.Decode(templates.Written, ids.Written, variables.Written, timestamps, new byte[3], new int[2]));
        ids.Clear();
        ids.WriteVarUInt(0);
        Assert.Throws<InvalidDataException>(() => LineTemplateDecoder.Decode(templates.Written, ids.Written, variables.Written, timestamps, new byte[5], new int[2]));
        var line = new byte[2];
        LineTemplateDecoder.Decode(templates.Written, ids.Written, variables.Written, timestamps, line, new int[2]);
        Assert.Equal("a7", Encoding.ASCII.GetString(line));
    }

    [Fact]
    public void A_version_1_chunk_is_still_read()
    {
        // Version 1: no layout byte, plain line lengths and lines (FORMAT.md).
        var body = new ByteBuffer();
        body.WriteByte(ChunkFormat.VersionPlainLines);
        body.WriteVarUInt(2);
        body.WriteVarInt(500);
        body.WriteVarUInt(7);
        body.WriteVarUInt(0);
        void Raw(ReadOnlySpan<byte> section)
        {
            body.WriteVarUInt((ulong)section.Length);
            body.WriteVarUInt((ulong)section.Length);
            body.WriteByte(ChunkFormat.CodecRaw);
            body.Write(section);
        }
        Raw([0, 7]);
        Raw([2, 3]);
        Raw("hifoo"u8);
        Raw([]);
        Raw([]);
        body.WriteUInt32(Crc32C.Compute(body.Written));

        using var chunk = DecodedChunk.Decode(body.Written);

        Assert.Equal([500L, 507], [chunk.Timestamp(0), chunk.Timestamp(1)]);
        Assert.Equal("hi", Encoding.UTF8.GetString(chunk.Line(0)));
        Assert.Equal("foo", Encoding.UTF8.GetString(chunk.Line(1)));
    }
}
