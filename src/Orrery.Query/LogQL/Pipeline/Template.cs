using System.Text;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// The Go text/template subset that <c>line_format</c> and <c>label_format</c> use: text,
/// <c>{{.label}}</c>, pipelines (<c>{{ .a | ToUpper }}</c>), function calls with arguments,
/// parentheses, variables (<c>$x := …</c>, <c>$x = …</c>, <c>$</c>), <c>if</c>/<c>else if</c>/<c>else</c>,
/// <c>range</c> (over maps in key order, lists and integers, with <c>else</c>), <c>with</c>/<c>else with</c>,
/// and <c>{{-</c>/<c>-}}</c> trimming. A missing label renders as "" (Loki's missingkey=zero over a string map).
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

    /// <summary>Renders against the current line's labels; functions that fail throw <see cref="TemplateException"/>, so the caller sets <c>__error__</c>.</summary>
    public string Render(ITemplateData data)
    {
        var output = new StringBuilder();
        Render(_nodes, output, new Scope(data));
        return output.ToString();
    }

    /// <summary>True when the template is a constant or reads only <c>.label</c> values (no functions on the line).</summary>
    public bool ReadsLine => _nodes.Any(n => n.ReadsLine);

    internal static void Render(Node[] nodes, StringBuilder output, Scope scope)
    {
        // Variables declared inside a block go out of scope at its end, as in Go.
        var mark = scope.VariableCount;
        foreach (var node in nodes) node.Render(output, scope);
        scope.PopTo(mark);
    }

    /// <summary>What evaluation sees: the line's data, the current dot, and the variables in scope.</summary>
    internal sealed class Scope(ITemplateData data)
    {
        private readonly List<(string Name, object? Value)> _variables = [("$", Root.Instance)];

        public ITemplateData Data { get; } = data;

        public object? Dot { get; set; } = Root.Instance;

        public int VariableCount => _variables.Count;

        public void Declare(string name, object? value) => _variables.Add((name, value));

        public void Assign(string name, object? value)
        {
            for (var i = _variables.Count - 1; i >= 0; i--)
            {
                if (_variables[i].Name != name) continue;
                _variables[i] = (name, value);
                return;
            }
            throw new TemplateException($"undefined variable: {name}");
        }

        public object? Variable(string name)
        {
            for (var i = _variables.Count - 1; i >= 0; i--)
            {
                if (_variables[i].Name == name) return _variables[i].Value;
            }
            throw new TemplateException($"undefined variable: {name}");
        }

        public void PopTo(int count) => _variables.RemoveRange(count, _variables.Count - count);

        /// <summary><c>.a.b</c> on a value: labels on the root, keys of a map, nothing on anything else.</summary>
        public object? Field(object? target, string name) => target switch
        {
            Root => Data.Label(name) ?? "",
            IReadOnlyDictionary<string, object?> map => map.GetValueOrDefault(name),
            null => null,
            _ => throw new TemplateException($"can't evaluate field {name} in type {TemplateValue.TypeName(target)}"),
        };
    }

    /// <summary>The top-level dot: the line's labels.</summary>
    internal sealed class Root
    {
        public static readonly Root Instance = new();

        public override string ToString() => "map[]";
    }

    internal abstract class Node
    {
        public abstract void Render(StringBuilder output, Scope scope);

        public virtual bool ReadsLine => false;
    }

    internal sealed class TextNode(string text) : Node
    {
        public override void Render(StringBuilder output, Scope scope) => output.Append(text);
    }

    internal sealed class ActionNode(Pipe pipe) : Node
    {
        public override void Render(StringBuilder output, Scope scope) => output.Append(TemplateValue.Print(pipe.Evaluate(scope)));

        public override bool ReadsLine => pipe.ReadsLine;
    }

    /// <summary><c>{{ $x := pipe }}</c> (declare) or <c>{{ $x = pipe }}</c> (assign): prints nothing.</summary>
    internal sealed class VariableNode(string name, bool declare, Pipe pipe) : Node
    {
        public override void Render(StringBuilder output, Scope scope)
        {
            var value = pipe.Evaluate(scope);
            if (declare) scope.Declare(name, value);
            else scope.Assign(name, value);
        }

        public override bool ReadsLine => pipe.ReadsLine;
    }

    internal sealed class IfNode(Pipe condition, Node[] then, Node[] otherwise) : Node
    {
        public override void Render(StringBuilder output, Scope scope)
        {
            var mark = scope.VariableCount;
            var value = condition.Evaluate(scope);
            Template.Render(TemplateValue.IsTrue(value) ? then : otherwise, output, scope);
            scope.PopTo(mark);
        }

        public override bool ReadsLine => condition.ReadsLine || then.Any(n => n.ReadsLine) || otherwise.Any(n => n.ReadsLine);
    }

    /// <summary><c>{{ with pipe }}</c>: when the value is non-empty, dot becomes it for the body.</summary>
    internal sealed class WithNode(Pipe value, Node[] then, Node[] otherwise) : Node
    {
        public override void Render(StringBuilder output, Scope scope)
        {
            var mark = scope.VariableCount;
            var result = value.Evaluate(scope);
            if (TemplateValue.IsTrue(result))
            {
                var dot = scope.Dot;
                scope.Dot = result;
                Template.Render(then, output, scope);
                scope.Dot = dot;
            }
            else Template.Render(otherwise, output, scope);
            scope.PopTo(mark);
        }

        public override bool ReadsLine => value.ReadsLine || then.Any(n => n.ReadsLine) || otherwise.Any(n => n.ReadsLine);
    }

    /// <summary><c>{{ range [$k, $v :=] pipe }}</c>: maps in key order, lists, and 0…n-1 for an integer; <c>else</c> when there is nothing.</summary>
    internal sealed class RangeNode(string? keyVariable, string? valueVariable, Pipe value, Node[] body, Node[] otherwise) : Node
    {
        /// <summary>Guards against a template looping over a huge integer once per line.</summary>
        private const long MaxIterations = 10_000;

        public override void Render(StringBuilder output, Scope scope)
        {
            var mark = scope.VariableCount;
            var items = Items(value.Evaluate(scope));
            var dot = scope.Dot;
            var any = false;
            foreach (var (key, item) in items)
            {
                any = true;
                var inner = scope.VariableCount;
                if (valueVariable is not null)
                {
                    if (keyVariable is not null) scope.Declare(keyVariable, key);
                    scope.Declare(valueVariable, item);
                }
                scope.Dot = item;
                Template.Render(body, output, scope);
                scope.PopTo(inner);
            }
            scope.Dot = dot;
            if (!any) Template.Render(otherwise, output, scope);
            scope.PopTo(mark);
        }

        private static IEnumerable<(object? Key, object? Item)> Items(object? value)
        {
            switch (value)
            {
                case null:
                    return [];
                case IReadOnlyDictionary<string, object?> map:
                    return map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => ((object?)e.Key, e.Value));
                case IReadOnlyList<object?> list:
                    return list.Select((item, i) => ((object?)(long)i, item));
                case long n:
                    if (n > MaxIterations) throw new TemplateException($"range over {n} exceeds {MaxIterations} iterations");
                    return LongRange(n);
                default:
                    throw new TemplateException($"range can't iterate over {TemplateValue.Print(value)}");
            }
        }

        private static IEnumerable<(object? Key, object? Item)> LongRange(long n)
        {
            for (long i = 0; i < n; i++) yield return (i, i);
        }

        public override bool ReadsLine => value.ReadsLine || body.Any(n => n.ReadsLine) || otherwise.Any(n => n.ReadsLine);
    }

    /// <summary>Commands joined by <c>|</c>; each command's result becomes the last argument of the next.</summary>
    internal sealed class Pipe(Command[] commands)
    {
        public object? Evaluate(Scope scope)
        {
            object? value = null;
            for (var i = 0; i < commands.Length; i++) value = commands[i].Evaluate(scope, i == 0 ? null : new Box(value));
            return value;
        }

        public bool ReadsLine => commands.Any(c => c.ReadsLine);
    }

    internal sealed record Box(object? Value);

    internal abstract class Command
    {
        public abstract object? Evaluate(Scope scope, Box? piped);

        public virtual bool ReadsLine => false;
    }

    internal sealed class ConstantCommand(object? value) : Command
    {
        public override object? Evaluate(Scope scope, Box? piped) =>
            piped is null ? value : throw new TemplateException("can't give argument to non-function");
    }

    /// <summary><c>.</c>, <c>.a.b</c>, <c>$</c>, <c>$x</c>, <c>$x.a</c>: a start (dot or a variable) and a chain of fields.</summary>
    internal sealed class FieldCommand(string? variable, string[] fields) : Command
    {
        public override object? Evaluate(Scope scope, Box? piped)
        {
            if (piped is not null) throw new TemplateException("can't give argument to non-function " + ToString());
            var value = variable is null ? scope.Dot : scope.Variable(variable);
            foreach (var field in fields) value = scope.Field(value, field);
            return value;
        }

        public override string ToString() => (variable ?? "") + (fields.Length == 0 && variable is null ? "." : string.Concat(fields.Select(f => "." + f)));
    }

    /// <summary><c>(pipe).a.b</c>: fields of a parenthesized value.</summary>
    internal sealed class ChainCommand(Command inner, string[] fields) : Command
    {
        public override object? Evaluate(Scope scope, Box? piped)
        {
            if (piped is not null) throw new TemplateException("can't give argument to non-function");
            var value = inner.Evaluate(scope, null);
            foreach (var field in fields) value = scope.Field(value, field);
            return value;
        }

        public override bool ReadsLine => inner.ReadsLine;
    }

    internal sealed class PipeCommand(Pipe pipe) : Command
    {
        public override object? Evaluate(Scope scope, Box? piped) =>
            piped is null ? pipe.Evaluate(scope) : throw new TemplateException("can't give argument to non-function");

        public override bool ReadsLine => pipe.ReadsLine;
    }

    internal sealed class CallCommand(string name, TemplateFunction function, Command[] arguments) : Command
    {
        public override object? Evaluate(Scope scope, Box? piped)
        {
            var args = new object?[arguments.Length + (piped is null ? 0 : 1)];
            for (var i = 0; i < arguments.Length; i++) args[i] = arguments[i].Evaluate(scope, null);
            if (piped is not null) args[^1] = piped.Value;
            return function(args, scope.Data);
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
