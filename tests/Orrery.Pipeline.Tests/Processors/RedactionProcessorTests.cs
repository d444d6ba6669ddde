using Orrery.Pipeline.Processors;

namespace Orrery.Pipeline.Tests.Processors;

public class RedactionProcessorTests
{
    private const string Patterns = """
        blocked_values:
          - '\b\d(?:[ -]?\d){12,15}\b'
          - '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
          - '(?i)bearer\s+[A-Za-z0-9._~+/-]+=*'

        """;

    [Theory]
    [InlineData("4111 1111 1111 1111", "****")]
    [InlineData("card 4111111111111111 used", "card **** used")]
    [InlineData("mail bob@example.com now", "mail **** now")]
    [InlineData("Authorization: Bearer abc.def-123=", "Authorization: ****")]
    [InlineData("order 12345", "order 12345")]
    public async Task Blocked_values_are_masked(string value, string expected)
    {
        var batch = await Run("allow_all_keys: true\n" + Patterns, [("note", value)]);

        Assert.Equal(expected, Batches.SpanAttribute(batch, 0, "note"));
    }

    [Fact]
    public async Task Only_allowed_keys_stay_and_the_summary_counts_what_was_done()
    {
        var batch = await Run("allowed_keys: [http.method, note]\nignored_keys: [raw]\nsummary: debug\n" + Patterns,
            [("http.method", "GET"), ("note", "bob@example.com"), ("user.id", "u1"), ("session", "s1"), ("raw", "bob@example.com"), ("count", 3L)]);

        Assert.Equal(
            ["http.method=GET", "note=****", "raw=bob@example.com", "redaction.redacted.count=3", "redaction.masked.count=1", "redaction.redacted.keys=count,session,user.id", "redaction.masked.keys=note"],
            Batches.SpanAttributes(batch, 0));
    }

    [Fact]
    public async Task Silent_summary_adds_nothing()
    {
        var batch = await Run("allowed_keys: [a]\nsummary: silent\n", [("a", "1"), ("b", "2")]);

        Assert.Equal(["a=1"], Batches.SpanAttributes(batch, 0));
    }

    [Fact]
    public async Task Log_lines_and_metadata_are_masked()
    {
        var next = new RecordingLogs();
        await new RedactionProcessorFactory().CreateLogs(TestContext.Settings("redaction", "allow_all_keys: true\nsummary: silent\n" + Patterns), next, TestContext.Create())
            .ConsumeAsync("t", Batches.Logs(("login by bob@example.com", 9, [("card", "4111111111111111")])));

        var batch = next.Received[0].Batch;
        Assert.Equal("login by ****", batch.String(batch.Records[0].Line));
        Assert.Equal("****", batch.String(batch.MetadataOf(0)[0].Value));
    }

    private static async Task<Orrery.Signals.Traces.SpanBatch> Run(string yaml, (string, object)[] attributes)
    {
        var next = new RecordingTraces();
        await new RedactionProcessorFactory().CreateTraces(TestContext.Settings("redaction", yaml), next, TestContext.Create())
            .ConsumeAsync("t", new SpanBatchBuilder().Span("a", attributes: attributes).Build());
        return next.Received[0].Batch;
    }
}
