using System.CommandLine;

namespace Orrery.Cli;

/// <summary><c>orrery demo</c>: Orrery with embedded storage plus a live mesh of instrumented services.</summary>
internal static class DemoCommand
{
    public static void AddTo(RootCommand root, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        _ = (environment, output, error);
    }
}
