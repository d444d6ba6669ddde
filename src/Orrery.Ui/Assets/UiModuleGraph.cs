using System.Text;
using System.Text.RegularExpressions;

namespace Orrery.Ui.Assets;

/// <summary>
/// Which of the UI's ES modules each module imports, read once from their source at start-up. The
/// shell preloads a page's whole graph, so the browser fetches it in one round instead of one level
/// of imports at a time — and only that page's modules, not every page's.
/// </summary>
internal sealed partial class UiModuleGraph
{
    private readonly Dictionary<string, string[]> _imports = new(StringComparer.Ordinal);

    public UiModuleGraph(UiAssetTable assets)
    {
        foreach (var path in assets.Paths)
        {
            if (!path.EndsWith(".js", StringComparison.Ordinal)) continue;
            var source = Encoding.UTF8.GetString(assets.Find(path)!.Content);
            _imports[path] = StaticImports(source).Select(specifier => Resolve(path, specifier)).Distinct(StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Every module a module needs before it runs, itself first, then in depth-first import order.</summary>
    public IReadOnlyList<string> Closure(string module)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        var stack = new Stack<string>();
        stack.Push(module);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (!seen.Add(next)) continue;
            if (!_imports.TryGetValue(next, out var imports))
                throw new InvalidOperationException($"the UI module {next} is imported but not embedded");
            order.Add(next);
            for (var k = imports.Length - 1; k >= 0; k--) stack.Push(imports[k]);
        }
        return order;
    }

    /// <summary>
    /// The specifiers of <c>import … from '…'</c>, <c>export … from '…'</c> and <c>import '…'</c>.
    /// The UI's own sources are the only input, so a pattern suffices (no strings or comments that
    /// look like imports: a test checks each page's preloads against what Chromium loads).
    /// </summary>
    internal static IEnumerable<string> StaticImports(string source) =>
        ImportPattern().Matches(source).Select(match => match.Groups["spec"].Value);

    /// <summary>A relative specifier (<c>../core/dom.js</c>) against the importing module's path (<c>js/pages/trace.js</c>).</summary>
    internal static string Resolve(string from, string specifier)
    {
        if (!specifier.StartsWith("./", StringComparison.Ordinal) && !specifier.StartsWith("../", StringComparison.Ordinal))
            throw new InvalidOperationException($"{from} imports '{specifier}': the UI's modules import each other by relative path only");
        var parts = new List<string>(from.Split('/')[..^1]);
        foreach (var part in specifier.Split('/'))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) throw new InvalidOperationException($"{from} imports '{specifier}', outside the UI");
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    [GeneratedRegex(@"^\s*(?:(?:import|export)\b[^;'""]*?\bfrom\s*|import\s*)(?<q>['""])(?<spec>[^'""]+)\k<q>", RegexOptions.Multiline)]
    private static partial Regex ImportPattern();
}
