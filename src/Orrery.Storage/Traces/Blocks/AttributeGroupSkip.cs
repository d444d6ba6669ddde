using Orrery.Signals;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Moves an attribute column group (keys, kinds and the value columns; FORMAT.md) past a number of
/// attributes without decoding them: the kinds are one byte each, so counting each kind among them
/// says how far each value column moves.
/// </summary>
internal static class AttributeGroupSkip
{
    /// <summary>Skips <paramref name="count"/> attributes; returns the InlineStrings bytes their inline strings hold.</summary>
    public static long Skip(
        ref ColumnCursor keys, ref ColumnCursor kinds, ref ColumnCursor strings, ref ColumnCursor ints,
        ref ColumnCursor doubles, ref ColumnCursor blobs, long count)
    {
        if (count <= 0) return 0;
        keys.SkipVarInts(count);
        var rest = kinds.Remaining;
        if (count > rest.Length) kinds.Skip(count); // throws: the kinds column ends early
        var k = rest[..(int)count];
        var stringCount = k.Count((byte)ValueKind.String);
        var intCount = k.Count((byte)ValueKind.Int) + k.Count((byte)ValueKind.Bool);
        var doubleCount = k.Count((byte)ValueKind.Double);
        var blobCount = (int)count - stringCount - intCount - doubleCount - k.Count((byte)ValueKind.Empty);
        kinds.Skip(count);
        ints.SkipVarInts(intCount);
        doubles.Skip(8L * doubleCount);
        for (var b = 0; b < blobCount; b++) blobs.Skip(blobs.ReadCount());
        return strings.SkipStringRefs(stringCount);
    }
}
