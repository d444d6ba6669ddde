using System.Text;
using Orrery.Receive.Otlp.Logs;

namespace Orrery.Receive.Tests.Otlp.Logs;

public class LineLevelDetectorTests
{
    [Theory]
    // A level field of a JSON line wins over words in it; nested objects do not count.
    [InlineData("""{"msg":"an error in text","level":"warn"}""", "warn")]
    [InlineData("""{"LEVEL":"ERROR","msg":"x"}""", "error")]
    [InlineData("""{"lvl":"dbg"}""", "debug")]
    [InlineData("""{"severity":"CRITICAL"}""", "fatal")]
    [InlineData("""{"ctx":{"level":"x"},"msg":"failed with error"}""", "error")]
    [InlineData("""{"msg":"level","x":"info"}""", "info")]
    // logfmt: the pair, quoted or not, even when other words say otherwise.
    [InlineData("ts=1 level=info msg=\"error budget\"", "info")]
    [InlineData("lvl=\"warning\" msg=hello", "warn")]
    [InlineData("severity=TRACE", "trace")]
    // Keywords: the first level word, any case, whole words only.
    [InlineData("2024-01-01 ERROR connection refused (info: retrying)", "error")]
    [InlineData("[Warn] disk almost full", "warn")]
    [InlineData("INFO started", "info")]
    [InlineData("debug: cache miss", "debug")]
    [InlineData("FATAL out of memory", "fatal")]
    [InlineData("critical: raid degraded", "fatal")]
    [InlineData("trace_id=abc errors2=0 information only", "unknown")]
    [InlineData("GET /users 200 12ms", "unknown")]
    [InlineData("", "unknown")]
    public void Detects_the_level_of_a_line(string line, string expected)
    {
        Assert.Equal(expected, DetectedLevel.Name(LineLevelDetector.Detect(Encoding.UTF8.GetBytes(line))));
    }

    [Fact]
    public void A_known_severity_wins_over_the_line()
    {
        Assert.Equal("info", DetectedLevel.Name(DetectedLevel.Of(9, "INFO"u8, "ERROR in text"u8)));
        Assert.Equal("warn", DetectedLevel.Name(DetectedLevel.Of(0, "warning"u8, "ERROR in text"u8)));
        Assert.Equal("error", DetectedLevel.Name(DetectedLevel.Of(0, ""u8, "ERROR in text"u8)));
    }
}
