using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Orrery.Demo.Hosting;

/// <summary>
/// W3C <c>traceparent</c>/<c>tracestate</c> and <c>baggage</c> in and out of HTTP headers and
/// queue messages. The mesh does this itself: no ASP.NET Core or HttpClient instrumentation
/// package is available here, and the HttpClient's own header injection is switched off so the
/// headers on the wire are exactly the ones written here.
/// </summary>
internal static class MeshPropagation
{
    private static readonly TextMapPropagator s_propagator = new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    public static PropagationContext Extract(IHeaderDictionary headers) =>
        s_propagator.Extract(default, headers, static (h, name) => h.TryGetValue(name, out var values) ? [values.ToString()] : []);

    public static PropagationContext Extract(IReadOnlyDictionary<string, string> carrier) =>
        s_propagator.Extract(default, carrier, static (c, name) => c.TryGetValue(name, out var value) ? [value] : []);

    /// <summary>Writes the current span's context and the current baggage.</summary>
    public static void Inject(HttpRequestHeaders headers) =>
        s_propagator.Inject(Current(), headers, static (h, name, value) => h.TryAddWithoutValidation(name, value));

    public static void Inject(IDictionary<string, string> carrier) =>
        s_propagator.Inject(Current(), carrier, static (c, name, value) => c[name] = value);

    private static PropagationContext Current() =>
        new(System.Diagnostics.Activity.Current?.Context ?? default, Baggage.Current);
}
