using Orrery.Signals;

namespace Orrery.Signals.Tests;

public class IdTests
{
    [Theory]
    [InlineData("0102030405060708090a0b0c0d0e0f10")]
    [InlineData("ffffffffffffffffffffffffffffffff")]
    public void TraceId_hex_round_trips(string hex)
    {
        Assert.True(TraceId.TryParseHex(hex, out var id));
        Assert.Equal(hex, id.ToHex());
        Span<byte> bytes = stackalloc byte[16];
        id.WriteTo(bytes);
        Assert.Equal(id, TraceId.Read(bytes));
        Assert.Equal(Convert.FromHexString(hex), bytes.ToArray());
    }

    [Fact]
    public void Short_trace_id_is_left_padded_like_tempo()
    {
        Assert.True(TraceId.TryParseHex("abc", out var id));
        Assert.Equal("00000000000000000000000000000abc", id.ToHex());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0102030405060708090a0b0c0d0e0f1011")]
    [InlineData("zz02030405060708090a0b0c0d0e0f10")]
    public void Bad_trace_ids_are_refused(string hex) => Assert.False(TraceId.TryParseHex(hex, out _));

    [Fact]
    public void Trace_id_order_is_byte_order()
    {
        var a = TraceId.ParseHex("00000000000000010000000000000000");
        var b = TraceId.ParseHex("0000000000000000ffffffffffffffff");
        Assert.True(b < a);
    }

    [Fact]
    public void Exact_utf8_parsers_demand_full_length()
    {
        Assert.True(SpanId.TryParseExactHex("00f067aa0ba902b7"u8, out var s));
        Assert.Equal("00f067aa0ba902b7", s.ToHex());
        Assert.False(SpanId.TryParseExactHex("f067aa0ba902b7"u8, out _));
        Assert.False(TraceId.TryParseExactHex("abc"u8, out _));
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("team-a_1.prod", true)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void Tenant_ids_follow_cortex_rules(string id, bool valid) => Assert.Equal(valid, Tenant.Validate(id) is null);
}
