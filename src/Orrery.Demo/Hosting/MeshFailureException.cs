namespace Orrery.Demo.Hosting;

/// <summary>A request the service fails on purpose (an injected incident, a broken disk), answered with <see cref="StatusCode"/>.</summary>
internal sealed class MeshFailureException(int statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int StatusCode { get; } = statusCode;
}
