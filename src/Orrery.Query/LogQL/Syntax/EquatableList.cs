using System.Collections;

namespace Orrery.Query.LogQL.Syntax;

/// <summary>A read-only list that compares by its items, so syntax-tree records compare by value.</summary>
public sealed class EquatableList<T>(IReadOnlyList<T> items) : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    public static EquatableList<T> Empty { get; } = new([]);

    public T this[int index] => items[index];

    public int Count => items.Count;

    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(EquatableList<T>? other) => other is not null && items.SequenceEqual(other);

    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }
}

public static class EquatableList
{
    public static EquatableList<T> Of<T>(IEnumerable<T> items) => new(items.ToArray());
}
