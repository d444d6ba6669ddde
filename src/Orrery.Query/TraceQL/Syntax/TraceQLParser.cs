using System.Diagnostics.CodeAnalysis;
using Orrery.Query.LogQL.Syntax;
using K = Orrery.Query.TraceQL.Syntax.TraceQLTokenKind;

namespace Orrery.Query.TraceQL.Syntax;

/// <summary>
/// Recursive-descent parser for TraceQL (Tempo's grammar): spanset expressions, pipelines, scalar
/// filters, by/coalesce/select, a closing metrics stage, and <c>with (…)</c> hints. Types are
/// checked while the tree is built, so a type error names the operator's position.
/// </summary>
public sealed partial class TraceQLParser
{
    /// <summary>
    /// Longest accepted query. Grafana's queries are well under 1 KiB; 64 Ki characters keeps a
    /// hostile query's token list and tree small while leaving generous room for generated ones.
    /// </summary>
    public const int MaxQueryLength = 64 * 1024;

    /// <summary>
    /// Deepest nesting of parentheses, unary operators and right-associative <c>^</c>. Each level costs
    /// about ten stack frames here and more in later tree walks; 64 is far beyond any real query.
    /// </summary>
    public const int MaxNesting = 64;

    /// <summary>
    /// Most binary operators in one query: left-associative chains build trees as deep as they are long,
    /// and record equality, printing and evaluation walk them recursively.
    /// </summary>
    public const int MaxOperators = 1000;

    private readonly List<TraceQLToken> _tokens;
    private int _index;
    private int _nesting;
    private int _operators;

    private TraceQLParser(List<TraceQLToken> tokens) => _tokens = tokens;

    /// <summary>Parses and type-checks a query; throws <see cref="TraceQLParseException"/> naming the position of the first error.</summary>
    public static TraceQLQuery Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length > MaxQueryLength)
            throw new TraceQLParseException(1, 1, 0, $"query is {query.Length} characters long, the limit is {MaxQueryLength}");
        var parser = new TraceQLParser(TraceQLLexer.Tokenize(query));
        return parser.ParseQuery();
    }

    private TraceQLQuery ParseQuery()
    {
        var pipeline = ParsePipeline(topLevel: true);
        var hints = EquatableList<QueryHint>.Empty;
        if (IsWord("with")) hints = ParseHints();
        if (Current.Kind != K.End) throw Unexpected(Current.Kind == K.RightParen ? "end of query ('(' missing)" : "'|' or end of query");
        return new TraceQLQuery(pipeline, hints);
    }

    private Pipeline ParsePipeline(bool topLevel)
    {
        var stages = new List<PipelineStage> { ParseFirstStage() };
        var metricsSeen = false;
        while (Current.Kind == K.Pipe)
        {
            Advance();
            var stage = ParseStage(topLevel, metricsSeen);
            metricsSeen |= stage is MetricsAggregate;
            stages.Add(stage);
        }
        return new Pipeline(EquatableList.Of(stages));
    }

    private TraceQLToken Current => _tokens[_index];

    private TraceQLToken Peek(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private TraceQLToken Advance()
    {
        var token = _tokens[_index];
        if (token.Kind != K.End) _index++;
        return token;
    }

    private bool IsWord(string word) => Current.Kind == K.Identifier && Current.Text == word;

    private TraceQLToken Expect(K kind, string what)
    {
        if (Current.Kind != kind) throw Unexpected(what);
        return Advance();
    }

    private void CountOperator(TraceQLToken token)
    {
        if (++_operators > MaxOperators) throw Error(token, $"query has more than {MaxOperators} operators");
    }

    private void Enter(TraceQLToken token)
    {
        if (++_nesting > MaxNesting) throw Error(token, $"query is nested more than {MaxNesting} levels deep");
    }

    private void Leave() => _nesting--;

    private TraceQLParseException Unexpected(string expected) => Error(Current, $"expected {expected} but found {Current.Describe()}");

    private static TraceQLParseException Error(TraceQLToken at, string reason) => new(at.Line, at.Column, at.Offset, reason);

    [DoesNotReturn]
    private static void Throw(TraceQLToken at, string reason) => throw Error(at, reason);
}
