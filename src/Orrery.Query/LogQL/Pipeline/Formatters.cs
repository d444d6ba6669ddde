using System.Text.RegularExpressions;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary><c>| line_format "…"</c>: the line becomes the rendered template.</summary>
internal sealed class LineFormatter(string template) : ILogStage
{
    public const string Error = "TemplateFormatErr";
    private readonly Template _template = Template.Compile(template);

    public bool Process(LogLine line)
    {
        try
        {
            line.Line = _template.Render(line);
        }
        catch (TemplateException e)
        {
            line.SetError(Error, e.Message);
        }
        return true;
    }
}

/// <summary>
/// <c>| label_format a=b, c="{{…}}"</c>: renames and templates, all evaluated against the labels
/// as they were before this stage, then applied.
/// </summary>
internal sealed class LabelFormatter : ILogStage
{
    private readonly (string Name, string? Source, Template? Template)[] _items;
    private readonly string?[] _values;

    public LabelFormatter(IEnumerable<LabelFormatItem> items)
    {
        _items = items.Select(i => (i.Name, i.IsTemplate ? null : i.Value, i.IsTemplate ? Template.Compile(i.Value) : null)).ToArray();
        _values = new string?[_items.Length];
    }

    public bool Process(LogLine line)
    {
        for (var i = 0; i < _items.Length; i++)
        {
            var (_, source, template) = _items[i];
            try
            {
                _values[i] = template is null ? line.Label(source!) : template.Render(line);
            }
            catch (TemplateException e)
            {
                _values[i] = null;
                line.SetError(LineFormatter.Error, e.Message);
            }
        }
        for (var i = 0; i < _items.Length; i++)
        {
            var (name, source, _) = _items[i];
            if (source is not null && source != name) line.Remove(source);
            if (_values[i] is { } value) line.Set(name, value, CategoryOf(line, name));
        }
        return true;
    }

    // A formatted label keeps its place when it exists (stream labels stay stream labels).
    private static LabelCategory CategoryOf(LogLine line, string name)
    {
        var i = line.IndexOf(name);
        return i >= 0 ? line.LabelAt(i).Category : LabelCategory.Parsed;
    }
}

/// <summary><c>| drop a, b="x"</c> and <c>| keep a, b="x"</c>.</summary>
internal sealed class LabelSelector(IEnumerable<LabelSelection> selections, bool keep) : ILogStage
{
    private readonly (string Name, LabelMatcher? Matcher)[] _selections = selections.Select(s => (s.Name, s.Matcher?.ToMatcher())).ToArray();

    public bool Process(LogLine line)
    {
        line.RemoveWhere((name, value) => Selected(name, value) != keep);
        return true;
    }

    private bool Selected(string name, string value)
    {
        foreach (var (selected, matcher) in _selections)
        {
            if (string.Equals(selected, name, StringComparison.Ordinal) && (matcher is null || matcher.Matches(value))) return true;
        }
        return false;
    }
}

/// <summary><c>| decolorize</c>: strips ANSI colour escape sequences.</summary>
internal sealed partial class Decolorizer : ILogStage
{
    public bool Process(LogLine line)
    {
        if (line.Utf8.IndexOf((byte)0x1b) < 0) return true;
        line.Line = AnsiEscape().Replace(line.Line, "");
        return true;
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*[a-zA-Z]")]
    private static partial Regex AnsiEscape();
}
