using System.Net;
using Google.Protobuf;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests;

public class MultiTenantTests : IAsyncLifetime
{
    private InProcessOrrery _orrery = null!;

    public async Task InitializeAsync() => _orrery = await InProcessOrrery.StartAsync(multiTenant: true);

    public async Task DisposeAsync() => await _orrery.DisposeAsync();

    [Fact]
    public async Task Tenants_never_see_each_others_traces()
    {
        var endpoints = _orrery.Endpoints;
        var traceId = OtlpMessages.NewTraceId();
        var hex = OtlpMessages.Hex(traceId);
        var body = OtlpMessages.Request("tenant-a-svc", OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "op", OtlpMessages.NowUnixNano())).ToByteArray();

        using (var noOrg = await endpoints.PostOtlpAsync(endpoints.OtlpHttpTraces, body, "application/x-protobuf"))
            Assert.Equal(HttpStatusCode.Unauthorized, noOrg.StatusCode);
        using (var badOrg = await endpoints.PostOtlpAsync(endpoints.OtlpHttpTraces, body, "application/x-protobuf", tenant: "a/b"))
            Assert.Equal(HttpStatusCode.BadRequest, badOrg.StatusCode);
        using (var stored = await endpoints.PostOtlpAsync(endpoints.OtlpHttpTraces, body, "application/x-protobuf", tenant: "team-a"))
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        using (var own = await endpoints.GetAsync("/api/traces/" + hex, tenant: "team-a"))
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using (var other = await endpoints.GetAsync("/api/traces/" + hex, tenant: "team-b"))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using (var anonymous = await endpoints.GetAsync("/api/traces/" + hex))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var otherSearch = await endpoints.GetAsync("/api/search?tags=service.name%3Dtenant-a-svc", tenant: "team-b");
        Assert.Equal(HttpStatusCode.OK, otherSearch.StatusCode);
        Assert.DoesNotContain(hex, await otherSearch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var ownSearch = await endpoints.GetAsync("/api/search?tags=service.name%3Dtenant-a-svc", tenant: "team-a");
        Assert.Contains(hex, await ownSearch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var otherValues = await endpoints.GetAsync("/api/search/tag/service.name/values", tenant: "team-b");
        Assert.DoesNotContain("tenant-a-svc", await otherValues.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_requires_the_org_id_too()
    {
        var endpoints = _orrery.Endpoints;
        var body = RawGrpcClient.Frame(OtlpMessages.Request("grpc-tenant", OtlpMessages.Span(OtlpMessages.NewTraceId(), OtlpMessages.NewSpanId(), "op", OtlpMessages.NowUnixNano())).ToByteArray());

        var missing = await RawGrpcClient.CallAsync(endpoints.Client, endpoints.Grpc, body);
        var invalid = await RawGrpcClient.CallAsync(endpoints.Client, endpoints.Grpc, body, tenant: "..");
        var ok = await RawGrpcClient.CallAsync(endpoints.Client, endpoints.Grpc, body, tenant: "team-a");

        Assert.Equal(16, missing.Status);
        Assert.Equal(3, invalid.Status);
        Assert.Equal(0, ok.Status);
    }
}
