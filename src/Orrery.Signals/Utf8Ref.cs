namespace Orrery.Signals;

/// <summary>
/// A slice of a <see cref="ByteArena"/>: where a string (UTF-8) or byte value lives.
/// The default value is the empty slice.
/// </summary>
public readonly record struct Utf8Ref(int Offset, int Length)
{
    public bool IsEmpty => Length == 0;
}
