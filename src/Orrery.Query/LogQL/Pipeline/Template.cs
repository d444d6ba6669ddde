using System.Text;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// The Go text/template subset that <c>line_format</c> and <c>label_format</c> use: text,
/// <c>{{.label}}</c>, pipelines (<c>{{ .a | ToUpper }}</c>), function calls with arguments,
/// parentheses, <c>if</c>/<c>else if</c>/<c>else</c>/<c>end</c> and <c>{{-</c>/<c>-}}</c> trimming.
/// A missing label renders as "" (Loki's missingkey=zero over a string map).
/// </summary>
public sealed partial class Template
{
    private readonly Node[] _nodes;

    private Template(Node[] nodes) => _nodes = nodes;

    /// <summary>Compiles a template; throws <see cref="FormatException"/> with the reason when it is not valid.</summary>
    public static Template Compile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TemplateParser(text);
        return new Template(parser.ParseAll());
    }

    /// <summary>Renders against the current line's labels; functions that fail render their error text as Go would abort, so the caller sets <c>__error__</c>.</summary>
    public string Render(ITemplateData data)
    {
        var output = new StringBuilder();
        foreach (var node in _nodes) node.Render(output, data);
        return output.ToString();
    }

    /// <summary>True when the template is a constant or reads only <c>.label</c> values (no functions on the line).</summary>
    public bool ReadsLine => _nodes.Any(n => n.ReadsLine);

    internal abstract class Node
    {
        public abstract void Render(StringBuilder output, ITemplateData data);

        public virtual bool ReadsLine => false;
    }

    internal sealed class TextNode(string text) : Node
    {
        public override void Render(StringBuilder output, ITemplateData data) => output.Append(text);
    }

    internal sealed class ActionNode(Pipe pipe) : Node
    {
        public override void Render(StringBuilder output, ITemplateData data) => output.Append(TemplateValue.Print(pipe.Evaluate(data)));

        public override bool ReadsLine => pipe.ReadsLine;
    }

    internal sealed class IfNode(Pipe condition, Node[] then, Node[] otherwise) : Node
    {
        public override void Render(StringBuilder output, ITemplateData data)
        {
            foreach (var node in TemplateValue.IsTrue(condition.Evaluate(data)) ? then : otherwise) node.Render(output, data);
        }

        public override bool ReadsLine => condition.ReadsLine || then.Any(n => n.ReadsLine) || otherwise.Any(n => n.ReadsLine);
    }

    /// <summary>Commands joined by <c>|</c>; each command's result becomes the last argument of the next.</summary>
    internal sealed class Pipe(Command[] commands)
    {
        public object? Evaluate(ITemplateData data)
        {
            object? value = null;
            for (var i = 0; i < commands.Length; i++) value = commands[i].Evaluate(data, i == 0 ? null : new Box(value));
            return value;
        }

        public bool ReadsLine => commands.Any(c => c.ReadsLine);
    }

    internal sealed record Box(object? Value);

    internal abstract class Command
    {
        public abstract object? Evaluate(ITemplateData data, Box? piped);

        public virtual bool ReadsLine => false;
    }

    internal sealed class ConstantCommand(object? value) : Command
    {
        public override object? Evaluate(ITemplateData data, Box? piped) =>
            piped is null ? value : throw new TemplateException("can't give argument to non-function");
    }

    internal sealed class FieldCommand(string name) : Command
    {
        public override object? Evaluate(ITemplateData data, Box? piped) =>
            piped is null ? data.Label(name) ?? "" : throw new TemplateException($"can't give argument to non-function .{name}");
    }

    internal sealed class PipeCommand(Pipe pipe) : Command
    {
        public override object? Evaluate(ITemplateData data, Box? piped) =>
            piped is null ? pipe.Evaluate(data) : throw new TemplateException("can't give argument to non-function");

        public override bool ReadsLine => pipe.ReadsLine;
    }

    internal sealed class CallCommand(string name, TemplateFunction function, Command[] arguments) : Command
    {
        public override object? Evaluate(ITemplateData data, Box? piped)
        {
            var args = new object?[arguments.Length + (piped is null ? 0 : 1)];
            for (var i = 0; i < arguments.Length; i++) args[i] = arguments[i].Evaluate(data, null);
            if (piped is not null) args[^1] = piped.Value;
            return function(args, data);
        }

        public override bool ReadsLine => name is "__line__" || arguments.Any(a => a.ReadsLine);
    }
}

/// <summary>What a template reads: label values (null when absent), the line and its time.</summary>
public interface ITemplateData
{
    string? Label(string name);

    string Line { get; }

    long TimestampNs { get; }
}

public delegate object? TemplateFunction(object?[] args, ITemplateData data);

/// <summary>A template function failed at render time (Loki sets <c>__error__="TemplateFormatErr"</c>).</summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message) : base(message)
    {
    }

    public TemplateException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
