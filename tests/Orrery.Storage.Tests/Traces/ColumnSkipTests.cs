using Orrery.Storage.Encodings;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Traces;

/// <summary>Skipping values in bulk lands where reading them one by one does, across vector-sized chunks and value widths.</summary>
public sealed class ColumnSkipTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 200)]
    [InlineData(4, 100_000)]
    [InlineData(5, long.MaxValue)]
    public void Skipping_varints_stops_after_as_many_as_reading_them_does(int seed, long maxValue)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 300).Select(_ => (ulong)random.NextInt64(0, maxValue == long.MaxValue ? maxValue : maxValue + 1)).ToArray();
        var column = new ByteBuffer(64);
        foreach (var v in values) column.WriteVarUInt(v);
        column.WriteVarUInt(12345); // a sentinel after the values skipped
        var bytes = column.Written.ToArray();
        foreach (var count in new[] { 0, 1, 5, 31, 32, 33, 64, 100, 299, 300 })
        {
            var skipped = new ColumnCursor(bytes, bytes.Length, Column.Flags);
            skipped.SkipVarInts(count);
            var read = new ColumnCursor(bytes, bytes.Length, Column.Flags);
            for (var i = 0; i < count; i++) read.ReadVarUInt();
            Assert.Equal(read.Remaining.Length, skipped.Remaining.Length);

            var summed = new ColumnCursor(bytes, bytes.Length, Column.Flags);
            var sum = unchecked((long)values.Take(count).Aggregate(0UL, (a, v) => a + v));
            if (maxValue < 1_000_000) Assert.Equal(sum, summed.SumVarInts(count));
            else summed.SumVarInts(count);
            Assert.Equal(read.Remaining.Length, summed.Remaining.Length);
        }
    }

    [Fact]
    public void Skipping_past_the_end_throws_as_a_read_would()
    {
        var bytes = new byte[] { 1, 2, 0x80 };
        var cursor = new ColumnCursor(bytes, bytes.Length, Column.Flags);
        Assert.Throws<InvalidDataException>(() => cursor.SkipVarInts(3));
        var again = new ColumnCursor(bytes, bytes.Length, Column.Flags);
        Assert.Throws<InvalidDataException>(() => again.Skip(4));
    }

    [Fact]
    public void Skipping_string_refs_counts_the_inline_bytes_of_the_inline_ones()
    {
        var column = new ByteBuffer(64);
        column.WriteVarUInt(StringRef.Dictionary(3));
        column.WriteVarUInt(StringRef.Inline(300));
        column.WriteVarUInt(StringRef.Dictionary(70_000));
        column.WriteVarUInt(StringRef.Inline(5));
        var bytes = column.Written.ToArray();
        var cursor = new ColumnCursor(bytes, bytes.Length, Column.TraceStates);
        Assert.Equal(305, cursor.SkipStringRefs(4));
        Assert.Equal(0, cursor.Remaining.Length);
    }
}
