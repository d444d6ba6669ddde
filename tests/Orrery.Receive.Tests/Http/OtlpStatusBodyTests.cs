using System.Text.Json;
using Orrery.Receive.Otlp.Http;

namespace Orrery.Receive.Tests.Http;

public class OtlpStatusBodyTests
{
    [Fact]
    public void Protobuf_body_is_a_google_rpc_status()
    {
        // code = 3 (field 1, varint), message = "bad" (field 2, length-delimited)
        Assert.Equal(new byte[] { 0x08, 0x03, 0x12, 0x03, (byte)'b', (byte)'a', (byte)'d' }, OtlpStatusBody.ToProtobuf(3, "bad"));
    }

    [Fact]
    public void Default_values_stay_off_the_wire() => Assert.Empty(OtlpStatusBody.ToProtobuf(0, ""));

    [Fact]
    public void Json_body_carries_code_and_message()
    {
        using var json = JsonDocument.Parse(OtlpStatusBody.ToJson(3, "bad \"input\""));
        Assert.Equal(3, json.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("bad \"input\"", json.RootElement.GetProperty("message").GetString());
    }
}
