using Orrery.Api.Loki;
using Orrery.Query.LogQL.Engine;
using Orrery.Signals.Labels;

namespace Orrery.Api.Tests.Loki;

public class LogPatternTests
{
    [Theory]
    [InlineData("GET /users/42 200 12ms", "GET <_> <_> <_>")]
    [InlineData("level=info msg=\"user 7 logged in\" took=3.5s", "level=info msg=\"<_>\" took=<_>")]
    [InlineData("connection from 10.0.0.7:5432 refused", "connection from <_> refused")]
    [InlineData("request id=9f86d081884c7d659a2feaa0c55ad015 done", "request id=<_> done")]
    [InlineData("trace abcdefabcdefabcdef ok", "trace <_> ok")]
    [InlineData("""{"level":"info","msg":"started","n":3}""", """{"level":"info","msg":"started","n":<_>}""")]
    [InlineData("""{"user":"ann smith"}""", """{"user":"<_>"}""")]
    [InlineData("(took 12ms), retrying [attempt 3]", "(took <_>), retrying [attempt <_>]")]
    [InlineData("plain words only", "plain words only")]
    public void Variable_parts_become_placeholders(string line, string pattern)
    {
        Assert.Equal(pattern, LogPatternTemplate.Of(line));
    }

    [Fact]
    public void Lines_differing_only_in_values_share_a_pattern()
    {
        Assert.Equal(LogPatternTemplate.Of("user 17 bought 3 items in 1.2s"), LogPatternTemplate.Of("user 99821 bought 12 items in 450ms"));
    }
}

public class LogPatternClustersTests
{
    [Fact]
    public void Similar_templates_merge_and_different_ones_do_not()
    {
        var clusters = new LogPatternClusters();

        var alice = clusters.Add("user alice logged in");
        var bob = clusters.Add("user bob logged in");
        var other = clusters.Add("cache warmed up now");
        var single = clusters.Add("started");
        var done = clusters.Add("done");

        Assert.Same(alice, bob);
        Assert.Equal("user <_> logged in", alice.Pattern);
        Assert.NotSame(alice, other);
        Assert.NotSame(single, done); // one word with nothing in common stays apart
        Assert.Equal(4, clusters.All.Count());
    }

    [Fact]
    public void Key_value_words_keep_their_key()
    {
        var clusters = new LogPatternClusters();

        clusters.Add("level=info msg=started user=<_>");
        var merged = clusters.Add("level=info msg=stopped user=<_>");

        Assert.Equal("level=info msg=<_> user=<_>", merged.Pattern);
    }
}

public class TailCursorTests
{
    private static readonly LabelSet A = LabelSet.From(("app", "a"));
    private static readonly LabelSet B = LabelSet.From(("app", "b"));

    private static LogEntry Entry(LabelSet stream, long time, string line) => new(time, line, stream, stream, LabelSet.Empty, LabelSet.Empty);

    [Fact]
    public void Each_line_is_new_once_per_stream_and_late_streams_are_not_skipped()
    {
        var cursor = new TailCursor(startNs: 10);
        Assert.False(cursor.IsNew(Entry(A, 9, "before start")));

        cursor.MarkSent(Entry(A, 20, "a1"));
        cursor.MarkSent(Entry(A, 30, "a2"));

        Assert.False(cursor.IsNew(Entry(A, 20, "a1")));
        Assert.False(cursor.IsNew(Entry(A, 30, "a2")));
        Assert.True(cursor.IsNew(Entry(A, 30, "a3 at the same time")));
        Assert.False(cursor.IsNew(Entry(A, 25, "older than what a sent")));
        // Stream b lags behind a: its lines before a's newest are still new.
        Assert.True(cursor.IsNew(Entry(B, 25, "b1")));
        Assert.Equal(30, cursor.NewestSentNs);
    }
}
