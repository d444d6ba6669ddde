using System.Text;
using Orrery.Generate.Logs;

namespace Orrery.Generate.Tests.Logs;

public sealed class ZipfWordsTests
{
    [Fact]
    public void Every_rank_has_its_own_eight_letter_name()
    {
        var names = new HashSet<string>();
        Span<byte> name = stackalloc byte[ZipfWords.Length];
        for (var rank = 0; rank < ZipfWords.Size; rank++)
        {
            ZipfWords.Write(rank, name);
            Assert.True(Ascii.IsValid(name) && name.IndexOfAnyExceptInRange((byte)'a', (byte)'z') < 0);
            names.Add(Encoding.ASCII.GetString(name));
        }
        Assert.Equal(ZipfWords.Size, names.Count);
    }

    [Fact]
    public void Draws_follow_a_long_tail_with_many_names_seen_once()
    {
        var random = new Random(42);
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < 200_000; i++)
        {
            var rank = ZipfWords.Draw(random);
            counts[rank] = counts.GetValueOrDefault(rank) + 1;
        }
        // Rank 0 takes about 1/H(250,000) ≈ 7.6% of the draws; thousands of names appear once.
        Assert.InRange(counts[0], 13_000, 17_500);
        Assert.True(counts[0] > counts[1] && counts[1] > counts[9]);
        Assert.True(counts.Values.Count(c => c == 1) > 5_000, $"{counts.Values.Count(c => c == 1)} names seen once");
    }
}
