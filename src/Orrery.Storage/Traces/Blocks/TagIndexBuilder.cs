using Orrery.Signals;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Collects, per (attribute scope, key), the distinct values seen in the block, so tag
/// autocomplete and equality conditions are answered from the index without reading pages.
/// </summary>
internal sealed class TagIndexBuilder
{
    [Flags]
    public enum EntryFlags : byte
    {
        None = 0,
        /// <summary>Some string value was too long for the dictionary: string equality cannot prune.</summary>
        LongStrings = 1,
        /// <summary>More than <see cref="BlockFormat.MaxScalarValuesPerKey"/> distinct scalars: scalar equality cannot prune.</summary>
        ScalarOverflow = 2,
        /// <summary>Some value was an array, kvlist or bytes, which the index does not list.</summary>
        OtherKinds = 4,
    }

    private sealed class Entry
    {
        public readonly HashSet<int> Strings = [];
        public readonly HashSet<(ValueKind, long)> Scalars = [];
        public EntryFlags Flags;
    }

    private readonly Dictionary<(AttributeScope Scope, int Key), Entry> _entries = new();

    /// <param name="stringId">The value's dictionary id when it is a dictionary string, else -1.</param>
    public void Add(AttributeScope scope, int keyId, in AnyValueRow value, int stringId)
    {
        if (!_entries.TryGetValue((scope, keyId), out var e))
        {
            e = new Entry();
            _entries[(scope, keyId)] = e;
        }
        switch (value.Kind)
        {
            case ValueKind.String when stringId >= 0:
                e.Strings.Add(stringId);
                break;
            case ValueKind.String:
                e.Flags |= EntryFlags.LongStrings;
                break;
            case ValueKind.Int or ValueKind.Bool or ValueKind.Double:
                if ((e.Flags & EntryFlags.ScalarOverflow) != 0) break;
                e.Scalars.Add((value.Kind, value.Scalar));
                if (e.Scalars.Count > BlockFormat.MaxScalarValuesPerKey)
                {
                    e.Flags |= EntryFlags.ScalarOverflow;
                    e.Scalars.Clear();
                }
                break;
            case ValueKind.Empty:
                break;
            default:
                e.Flags |= EntryFlags.OtherKinds;
                break;
        }
    }

    /// <summary>Entry count; per entry scope, key id, flags, ascending string ids, then (kind, value) scalars.</summary>
    public void WriteTo(ByteBuffer b)
    {
        b.WriteVarUInt((ulong)_entries.Count);
        foreach (var ((scope, key), e) in _entries.OrderBy(x => x.Key.Scope).ThenBy(x => x.Key.Key))
        {
            b.WriteByte((byte)scope);
            b.WriteVarUInt((ulong)key);
            b.WriteByte((byte)e.Flags);
            var ids = e.Strings.ToArray();
            Array.Sort(ids);
            PageInfo.WriteAscending(b, ids);
            b.WriteVarUInt((ulong)e.Scalars.Count);
            foreach (var (kind, scalar) in e.Scalars.OrderBy(x => x.Item1).ThenBy(x => x.Item2))
            {
                b.WriteByte((byte)kind);
                b.WriteVarInt(scalar);
            }
        }
    }
}
