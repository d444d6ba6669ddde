using System.Net;
using System.Net.Sockets;

namespace Orrery.EndToEnd.Tests.Support;

internal static class FreePorts
{
    /// <summary>
    /// Ports the OS reports free right now. Another process could take one before Orrery binds
    /// it; on a test machine that race is rare enough, and the failure is a clear bind error.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }
}
