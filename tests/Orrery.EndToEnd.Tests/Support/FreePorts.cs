using System.Net;
using System.Net.Sockets;

namespace Orrery.EndToEnd.Tests.Support;

/// <summary>
/// Loopback ports for servers a test starts (in process, as a child process, or a Prometheus).
/// Each port is handed out once per machine while this test process lives:
/// <list type="bullet">
/// <item>Ports come from below Linux's ephemeral range (32768–60999). Outgoing connections take
/// their local port from that range, so a port asked of the OS with bind(0) and released could
/// be reused by a client socket, or handed to another test, before the server bound it.</item>
/// <item>A port is reserved by an exclusive lock on a file named after it, held until this
/// process exits (the OS drops the lock even on SIGKILL). Test assemblies run in parallel
/// processes; the lock keeps them from picking the same port.</item>
/// <item>A candidate is also bound once to skip ports some other program already listens on.</item>
/// </list>
/// </summary>
internal static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_000;

    private static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "orrery-test-ports");
    private static readonly Lock Gate = new();
    private static readonly List<FileStream> Held = [];
    private static int _next = First + Random.Shared.Next(Last - First);

    public static int[] Take(int count)
    {
        var ports = new int[count];
        lock (Gate)
        {
            Directory.CreateDirectory(LockDirectory);
            for (var i = 0; i < count; i++) ports[i] = TakeOne();
        }
        return ports;
    }

    private static int TakeOne()
    {
        for (var tried = 0; tried <= Last - First; tried++)
        {
            var port = _next;
            _next = _next == Last ? First : _next + 1;
            if (TryReserve(port) is { } reservation)
            {
                Held.Add(reservation);
                return port;
            }
        }
        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }

    /// <summary>The held lock file when the port is now this process's, else null.</summary>
    private static FileStream? TryReserve(int port)
    {
        FileStream reservation;
        try
        {
            // .NET takes an exclusive advisory lock (flock) for FileShare.None on Unix.
            reservation = new FileStream(Path.Combine(LockDirectory, $"{port}.lock"), FileMode.OpenOrCreate,
                FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null; // another test process holds it
        }
        if (IsBindable(port)) return reservation;
        reservation.Dispose();
        return null;
    }

    private static bool IsBindable(int port)
    {
        try
        {
            var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
