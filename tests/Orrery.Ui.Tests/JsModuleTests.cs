using System.Diagnostics;

namespace Orrery.Ui.Tests;

/// <summary>
/// The UI's pure JavaScript modules (URL state, routing, formatting, the trace model) are tested
/// with node's own runner (tests/Orrery.Ui.Tests/js/*.test.mjs); this runs them as part of dotnet test.
/// </summary>
public class JsModuleTests
{
    [Fact]
    public async Task Node_tests_of_the_ui_modules_pass()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("node", ["--test", "tests/Orrery.Ui.Tests/js/"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        var output = await stdout + await stderr;
        Assert.True(node.ExitCode == 0, $"node --test failed:\n{output}");
        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orrery.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Orrery.slnx above {AppContext.BaseDirectory}");
    }
}
