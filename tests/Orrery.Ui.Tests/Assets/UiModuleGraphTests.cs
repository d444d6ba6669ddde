using Orrery.Ui.Assets;

namespace Orrery.Ui.Tests.Assets;

public class UiModuleGraphTests
{
    [Fact]
    public void Static_imports_are_found_on_one_line_over_several_and_in_re_exports_but_not_in_comments_or_calls()
    {
        const string source = """
            // import { nope } from './commented.js';
            import { h, replace } from '../core/dom.js';
            import {
              a, b as c,
            } from './several-lines.js';
            import './side-effect.js';
            export { x } from "./double-quoted.js";
            export * from './re-export.js';
            const later = await import('./dynamic.js');
            export function render() { return 'from \'./string.js\''; }
            """;
        Assert.Equal(["../core/dom.js", "./several-lines.js", "./side-effect.js", "./double-quoted.js", "./re-export.js"], UiModuleGraph.StaticImports(source));
    }

    [Theory]
    [InlineData("js/pages/trace.js", "../core/dom.js", "js/core/dom.js")]
    [InlineData("js/pages/trace.js", "./search-model.js", "js/pages/search-model.js")]
    [InlineData("js/app.js", "./core/router.js", "js/core/router.js")]
    [InlineData("js/trace/a/b.js", "../../core/x.js", "js/core/x.js")]
    public void Relative_specifiers_resolve_against_the_importing_module(string from, string specifier, string expected) =>
        Assert.Equal(expected, UiModuleGraph.Resolve(from, specifier));

    [Theory]
    [InlineData("js/app.js", "https://cdn.example/x.js")]
    [InlineData("js/app.js", "/ui/js/core/dom.js")]
    [InlineData("js/app.js", "../../../etc.js")]
    public void Imports_from_outside_the_ui_are_refused(string from, string specifier) =>
        Assert.Throws<InvalidOperationException>(() => UiModuleGraph.Resolve(from, specifier));
}
