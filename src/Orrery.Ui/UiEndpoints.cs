using Microsoft.AspNetCore.Routing;

namespace Orrery.Ui;

/// <summary>The web UI on the --http listener: its pages, assets and UI-only endpoints.</summary>
public static class UiEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, UiBackends backends)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(backends);
    }
}
