using Orrery.Query.TraceQL.Syntax;
using Orrery.Storage.Traces;
using StorageIntrinsic = Orrery.Storage.Traces.Intrinsic;
using StorageScope = Orrery.Storage.Traces.AttributeScope;
using StorageValue = Orrery.Storage.Traces.StaticValue;
using SyntaxIntrinsic = Orrery.Query.TraceQL.Syntax.Intrinsic;
using SyntaxScope = Orrery.Query.TraceQL.Syntax.AttributeScope;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// Turns a query's necessary span conditions into storage conditions, only where that is sound:
/// storage may skip a part when no span in it can satisfy them. With one necessary condition its
/// simple conjuncts (<c>field op literal</c>) all apply (AND); a top-level <c>||</c> of simple
/// comparisons becomes an OR request; with several necessary conditions (spanset <c>&amp;&amp;</c>,
/// structural operators, whose spans may sit in different parts) one conjunct of each is asked
/// for with OR, so a part holding any of them is kept. Negations (<c>!=</c>, <c>!~</c>, <c>!</c>)
/// and regexes are never pushed down.
/// </summary>
internal static class Pushdown
{
    public static (List<SpanCondition> Conditions, bool All) Build(IReadOnlyList<SpanPredicate> necessary)
    {
        if (necessary.Count == 0) return ([], true);
        if (necessary.Count == 1)
        {
            var expression = necessary[0].Expression;
            var conjuncts = new List<SpanCondition>();
            CollectConjuncts(expression, conjuncts);
            if (conjuncts.Count > 0) return (conjuncts, true);
            var disjuncts = new List<SpanCondition>();
            return CollectDisjuncts(expression, disjuncts) ? (disjuncts, false) : ([], true);
        }
        var any = new List<SpanCondition>();
        foreach (var predicate in necessary)
        {
            var conjuncts = new List<SpanCondition>();
            CollectConjuncts(predicate.Expression, conjuncts);
            if (conjuncts.Count == 0) return ([], true);
            any.Add(conjuncts[0]);
        }
        return (any, false);
    }

    /// <summary>
    /// <paramref name="e"/> as storage conditions that together say exactly what it says (an
    /// <c>&amp;&amp;</c> of simple comparisons); null when some part of it cannot be pushed down.
    /// Storage still checks that it decides each one exactly (<see cref="SpanSearchRequest"/>).
    /// </summary>
    public static List<SpanCondition>? Exact(FieldExpr e)
    {
        if (e is BinaryFieldExpr { Op: FieldOp.And } and)
        {
            var left = Exact(and.Left);
            var right = Exact(and.Right);
            return left is null || right is null ? null : [.. left, .. right];
        }
        return ToCondition(e) is { } condition ? [condition] : null;
    }

    /// <summary>A field shown on returned spans as storage can read it over columns; null when it cannot.</summary>
    public static AttributeRef? Shown(FieldExpr field) => field switch
    {
        AttributeExpr { Scope: SyntaxScope.Span } a => AttributeRef.Span(a.Name),
        AttributeExpr { Scope: SyntaxScope.Resource } a => AttributeRef.Resource(a.Name),
        AttributeExpr { Scope: SyntaxScope.None } a => AttributeRef.Unscoped(a.Name),
        IntrinsicExpr { Intrinsic: SyntaxIntrinsic.Status } => AttributeRef.Of(StorageIntrinsic.Status, "status"),
        IntrinsicExpr { Intrinsic: SyntaxIntrinsic.Kind } => AttributeRef.Of(StorageIntrinsic.Kind, "kind"),
        _ => null,
    };

    private static void CollectConjuncts(FieldExpr e, List<SpanCondition> output)
    {
        if (e is BinaryFieldExpr { Op: FieldOp.And } and)
        {
            CollectConjuncts(and.Left, output);
            CollectConjuncts(and.Right, output);
            return;
        }
        if (ToCondition(e) is { } condition) output.Add(condition);
    }

    private static bool CollectDisjuncts(FieldExpr e, List<SpanCondition> output)
    {
        if (e is BinaryFieldExpr { Op: FieldOp.Or } or) return CollectDisjuncts(or.Left, output) && CollectDisjuncts(or.Right, output);
        if (ToCondition(e) is not { } condition) return false;
        output.Add(condition);
        return true;
    }

    private static SpanCondition? ToCondition(FieldExpr e)
    {
        if (e is not BinaryFieldExpr { Op: FieldOp.Equal or FieldOp.Less or FieldOp.LessEqual or FieldOp.Greater or FieldOp.GreaterEqual } b) return null;
        var (field, literal, op) = b.Right is StaticExpr r ? (b.Left, r.Value, b.Op)
            : b.Left is StaticExpr l ? (b.Right, l.Value, Flip(b.Op))
            : (null, null, b.Op);
        if (field is null || literal is null || literal.Type == StaticType.Nil) return null;
        var condition = op switch
        {
            FieldOp.Equal => ConditionOperator.Equal,
            FieldOp.Less => ConditionOperator.Less,
            FieldOp.LessEqual => ConditionOperator.LessOrEqual,
            FieldOp.Greater => ConditionOperator.Greater,
            _ => ConditionOperator.GreaterOrEqual,
        };
        switch (field)
        {
            case AttributeExpr a when ScopeOf(a.Scope) is { } scope && ValueOf(literal, forIntrinsic: false) is { } value:
                return new SpanCondition(new AttributeRef(scope, a.Name), condition, value);
            case IntrinsicExpr i when IntrinsicOf(i.Intrinsic) is { } intrinsic && ValueOf(literal, forIntrinsic: true) is { } value:
                return new SpanCondition(AttributeRef.Of(intrinsic, Intrinsics.CanonicalName(i.Intrinsic)), condition, value);
            default:
                return null;
        }
    }

    private static FieldOp Flip(FieldOp op) => op switch
    {
        FieldOp.Less => FieldOp.Greater,
        FieldOp.LessEqual => FieldOp.GreaterEqual,
        FieldOp.Greater => FieldOp.Less,
        FieldOp.GreaterEqual => FieldOp.LessEqual,
        _ => op,
    };

    private static StorageScope? ScopeOf(SyntaxScope scope) => scope switch
    {
        SyntaxScope.None => StorageScope.None,
        SyntaxScope.Span => StorageScope.Span,
        SyntaxScope.Resource => StorageScope.Resource,
        SyntaxScope.Event => StorageScope.Event,
        SyntaxScope.Link => StorageScope.Link,
        _ => null,
    };

    private static StorageIntrinsic? IntrinsicOf(SyntaxIntrinsic intrinsic) => intrinsic switch
    {
        SyntaxIntrinsic.Name => StorageIntrinsic.Name,
        SyntaxIntrinsic.Status => StorageIntrinsic.Status,
        SyntaxIntrinsic.Kind => StorageIntrinsic.Kind,
        SyntaxIntrinsic.Duration => StorageIntrinsic.Duration,
        SyntaxIntrinsic.StatusMessage => StorageIntrinsic.StatusMessage,
        _ => null,
    };

    /// <summary>
    /// Storage compares intrinsics only with their own type (a duration with a duration or int),
    /// attributes with strings, ints, floats and bools; anything else is not pushed down.
    /// </summary>
    private static StorageValue? ValueOf(Syntax.StaticValue literal, bool forIntrinsic) => literal.Type switch
    {
        StaticType.String => StorageValue.Of(literal.Text ?? string.Empty),
        StaticType.Int => StorageValue.Of(literal.Int),
        StaticType.Float when !forIntrinsic => StorageValue.Of(literal.Float),
        StaticType.Boolean when !forIntrinsic => StorageValue.Of(literal.Int != 0),
        StaticType.Duration when forIntrinsic => StorageValue.OfDuration(literal.Int),
        StaticType.Status when forIntrinsic => new StorageValue(StaticKind.Status, literal.Int),
        StaticType.Kind when forIntrinsic => new StorageValue(StaticKind.Kind, literal.Int),
        _ => null,
    };
}
