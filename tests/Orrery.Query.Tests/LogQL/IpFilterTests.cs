using Orrery.Query.LogQL.Engine;
using Orrery.Query.LogQL.Pipeline;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Query.Tests.LogQL;

public class IpFilterTests
{
    private const long S = 1_000_000_000;
    private static readonly LabelSet App = LabelSet.From(("app", "edge"));

    private readonly InMemoryLogReader _reader = new InMemoryLogReader()
        .Add(App, 1 * S, "addr=192.168.1.5 msg=\"from lan\"")
        .Add(App, 2 * S, "addr=10.0.0.7 msg=\"peer 192.168.1.200:8080 said hi\"")
        .Add(App, 3 * S, "addr=2001:db8::1 msg=v6")
        .Add(App, 4 * S, "addr=notip msg=\"build 1.2.3 with 0x7f\"")
        .Add(App, 5 * S, "msg=\"no address\"");

    private string[] Lines(string query) =>
        Assert.IsType<StreamsResult>(new LogQLEngine(_reader).Execute("default", new LogQLRequest(query, 0, 10 * S, S, LogDirection.Forward, 100)))
            .Entries.Select(e => e.Line[..e.Line.IndexOf(' ', StringComparison.Ordinal)]).ToArray();

    [Theory]
    [InlineData("192.168.1.5", "192.168.1.5", true)]
    [InlineData("192.168.1.5", "192.168.1.6", false)]
    [InlineData("192.168.1.0/24", "192.168.1.255", true)]
    [InlineData("192.168.1.0/24", "192.168.2.0", false)]
    [InlineData("192.168.1.77/24", "192.168.1.1", true)] // host bits in the pattern are ignored, as a prefix masks them
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("10.0.0.5-10.0.0.9", "10.0.0.5", true)]
    [InlineData("10.0.0.5-10.0.0.9", "10.0.0.9", true)]
    [InlineData("10.0.0.5-10.0.0.9", "10.0.0.10", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::/0", "10.0.0.1", false)] // families never mix
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", false)]
    [InlineData("10.0.0.0/8", "10", false)] // not a dotted quad
    public void Patterns_match_addresses_of_their_family(string pattern, string address, bool expected)
    {
        Assert.Equal(expected, IpPattern.Parse(pattern).Matches(address));
    }

    [Theory]
    [InlineData("""{app="edge"} | logfmt | addr=ip("192.168.0.0/16")""", new[] { "addr=192.168.1.5" })]
    [InlineData("""{app="edge"} | logfmt | addr!=ip("192.168.0.0/16")""", new[] { "addr=10.0.0.7", "addr=2001:db8::1", "addr=notip" })]
    [InlineData("""{app="edge"} | logfmt | addr=ip("2001:db8::/32")""", new[] { "addr=2001:db8::1" })]
    [InlineData("""{app="edge"} | logfmt | addr=ip("10.0.0.1-10.0.0.10") or addr=ip("::1")""", new[] { "addr=10.0.0.7" })]
    // Line filters look at every address in the line, also one followed by a port.
    [InlineData("""{app="edge"} |= ip("192.168.1.0/24")""", new[] { "addr=192.168.1.5", "addr=10.0.0.7" })]
    [InlineData("""{app="edge"} |= ip("192.168.1.200")""", new[] { "addr=10.0.0.7" })]
    [InlineData("""{app="edge"} != ip("0.0.0.0/0")""", new[] { "addr=2001:db8::1", "addr=notip", "msg=\"no" })]
    [InlineData("""{app="edge"} |= ip("2001:db8::1")""", new[] { "addr=2001:db8::1" })]
    public void Ip_filters_select_lines(string query, string[] expected)
    {
        Assert.Equal(expected, Lines(query));
    }
}
