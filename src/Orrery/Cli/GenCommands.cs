using System.CommandLine;

namespace Orrery.Cli;

/// <summary><c>orrery gen traces|metrics|logs</c>: a load generator in the spirit of telemetrygen.</summary>
internal static class GenCommands
{
    public static void AddTo(RootCommand root, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        _ = (output, error);
    }
}
