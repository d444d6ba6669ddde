using System.Net;
using System.Net.WebSockets;

namespace Orrery.Ui.Tests.Browser;

/// <summary>
/// How Loki's tail on a multi-tenant Orrery learns the tenant of a browser, which cannot set
/// X-Scope-OrgID on a WebSocket: the orgId query parameter, taken only from a page on the same
/// origin (WebSockets are not bound by CORS, so another site's page could otherwise pick a tenant).
/// </summary>
public sealed class TailTenantTests : IAsyncLifetime
{
    private UiOrrery _orrery = null!;

    public async Task InitializeAsync() => _orrery = await UiOrrery.StartAsync(multiTenant: true);

    public async Task DisposeAsync() => await _orrery.DisposeAsync();

    [Theory]
    [InlineData("same", "acme", HttpStatusCode.SwitchingProtocols)]
    [InlineData("other", "acme", HttpStatusCode.Unauthorized)]
    [InlineData("none", "acme", HttpStatusCode.Unauthorized)]
    [InlineData("same", null, HttpStatusCode.Unauthorized)]
    [InlineData("same", "no/slash", HttpStatusCode.BadRequest)]
    public async Task The_orgId_parameter_names_the_tenant_only_for_a_same_origin_page(string origin, string? orgId, HttpStatusCode expected)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin != "none") socket.Options.SetRequestHeader("Origin", origin == "same" ? _orrery.Http.GetLeftPart(UriPartial.Authority) : "http://elsewhere.example");
        var query = "query=" + Uri.EscapeDataString("{service_name=\"tailed\"}") + (orgId is null ? "" : "&orgId=" + Uri.EscapeDataString(orgId));
        var uri = new UriBuilder(_orrery.Http) { Scheme = "ws", Path = "/loki/api/v1/tail", Query = query }.Uri;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Refused: the status tells why.
        }
        Assert.Equal(expected, socket.HttpStatusCode);
        if (socket.State == WebSocketState.Open) await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task The_header_still_names_the_tenant_and_wins_over_the_parameter()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("X-Scope-OrgID", "acme");
        var uri = new UriBuilder(_orrery.Http) { Scheme = "ws", Path = "/loki/api/v1/tail", Query = "query=" + Uri.EscapeDataString("{a=\"b\"}") + "&orgId=" + Uri.EscapeDataString("bad/tenant") }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }
}
