using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>Builds <see cref="PromQLParseException"/>s with Prometheus's position prefix.</summary>
internal static class PromQLParseErrors
{
    /// <summary>
    /// <c>{line}:{col}: parse error: {what}</c>. Prometheus counts the column in UTF-8 bytes
    /// from the last newline (1-based), so this does too.
    /// </summary>
    public static PromQLParseException Create(string query, int position, string what)
    {
        position = Math.Clamp(position, 0, query.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (query[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        var column = Encoding.UTF8.GetByteCount(query.AsSpan(lineStart, position - lineStart)) + 1;
        return new PromQLParseException($"{line}:{column}: parse error: {what}", position, line, column);
    }

    [DoesNotReturn]
    public static void Throw(string query, int position, string what) => throw Create(query, position, what);

    /// <summary>Prometheus's <c>DocumentedType</c>: how messages name a value type.</summary>
    public static string DocumentedName(PromValueType type) => type switch
    {
        PromValueType.Vector => "instant vector",
        PromValueType.Matrix => "range vector",
        _ => RawName(type),
    };

    /// <summary>Prometheus's <c>ValueType</c> string (used unmapped by the subquery message).</summary>
    public static string RawName(PromValueType type) => type switch
    {
        PromValueType.Scalar => "scalar",
        PromValueType.Vector => "vector",
        PromValueType.Matrix => "matrix",
        PromValueType.String => "string",
        _ => "none",
    };
}
