namespace Orrery.Query.PromQL.Functions;

/// <summary>Implementations of <see cref="Syntax.PromFunctions"/> by name: range functions take a matrix argument, instant ones do not.</summary>
public static class FunctionImplementations
{
    public static bool TryGetRange(string name, out RangeFunction function)
    {
        function = null!;
        return false;
    }

    public static bool TryGetInstant(string name, out InstantFunction function)
    {
        function = null!;
        return false;
    }
}
