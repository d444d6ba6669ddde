using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// The batch a read decodes into, with what has already been copied into it: each dictionary
/// string and each block scope/resource is copied once per batch, not once per span.
/// </summary>
internal sealed class BatchBuilder
{
    /// <summary>Past this many dictionary entries a sparse map beats a dense array per batch.</summary>
    private const int DenseCacheLimit = 1 << 16;

    private readonly BlockIndex _index;
    private readonly int[] _scopes;
    private readonly int[] _resources;
    private readonly DictionaryCopies? _dense;
    private readonly Dictionary<int, Utf8Ref>? _sparse;

    /// <param name="copies">
    /// Reused from a previous batch of the same block (<see cref="TraceBlock"/> keeps one spare), so
    /// a batch per page does not allocate a table the size of the dictionary; null makes one.
    /// </param>
    public BatchBuilder(BlockIndex index, SpanBatch batch, SpanFields fields = SpanFields.All, DictionaryCopies? copies = null)
    {
        _index = index;
        Batch = batch;
        Fields = fields;
        _scopes = new int[index.Tables.Scopes.Count];
        _resources = new int[index.Tables.Resources.Count];
        if (index.Dictionary.Count > DenseCacheLimit)
        {
            _sparse = new Dictionary<int, Utf8Ref>();
            return;
        }
        _dense = copies is not null && copies.Count == index.Dictionary.Count ? copies : new DictionaryCopies(index.Dictionary.Count);
        _dense.NextBatch();
    }

    /// <summary>Whether a block with <paramref name="strings"/> dictionary entries uses a <see cref="DictionaryCopies"/>.</summary>
    public static bool UsesCopies(int strings) => strings <= DenseCacheLimit;

    public SpanBatch Batch { get; }

    /// <summary>The span fields decoded into the batch; the others stay at their defaults.</summary>
    public SpanFields Fields { get; }

    public Utf8Ref DictionaryString(int id)
    {
        if (_dense is not null) return _dense.Get(id, this, static (b, i) => b.Batch.Bytes.Append(b._index.Dictionary.Get(i)));
        if (!_sparse!.TryGetValue(id, out var r))
        {
            r = Batch.Bytes.Append(_index.Dictionary.Get(id));
            _sparse[id] = r;
        }
        return r;
    }

    /// <summary>The key at <paramref name="slot"/> of the block's attribute key table (what page key columns hold).</summary>
    public Utf8Ref AttributeKey(int slot)
    {
        var keys = _index.AttributeKeys;
        if ((uint)slot >= (uint)keys.Length) throw new InvalidDataException($"attribute key {slot} out of range (block has {keys.Length})");
        return DictionaryString(keys[slot]);
    }

    /// <summary>The batch's scope row for block scope <paramref name="blockScope"/>, copying it (and its resource) on first use.</summary>
    public int Scope(int blockScope)
    {
        if ((uint)blockScope >= (uint)_scopes.Length) throw new InvalidDataException($"scope {blockScope} out of range");
        if (_scopes[blockScope] > 0) return _scopes[blockScope] - 1;
        var t = _index.Tables;
        var s = t.Scopes[blockScope];
        s.Resource = Resource(s.Resource);
        s.Name = Copy(t, s.Name);
        s.Version = Copy(t, s.Version);
        s.SchemaUrl = Copy(t, s.SchemaUrl);
        s.Attributes = CopyAttributes(t, t.ScopeAttributes, s.Attributes, Batch.ScopeAttributes);
        var row = Batch.Scopes.Add(s);
        _scopes[blockScope] = row + 1;
        return row;
    }

    private int Resource(int blockResource)
    {
        if (_resources[blockResource] > 0) return _resources[blockResource] - 1;
        var t = _index.Tables;
        var r = t.Resources[blockResource];
        r.SchemaUrl = Copy(t, r.SchemaUrl);
        r.Attributes = CopyAttributes(t, t.ResourceAttributes, r.Attributes, Batch.ResourceAttributes);
        var row = Batch.Resources.Add(r);
        _resources[blockResource] = row + 1;
        return row;
    }

    private RowRange CopyAttributes(SpanBatch from, RowList<KeyValueRow> source, RowRange range, RowList<KeyValueRow> destination)
    {
        var start = destination.Count;
        for (var i = range.Start; i < range.End; i++)
        {
            var kv = source[i];
            kv.Key = Copy(from, kv.Key);
            kv.Value.Bytes = Copy(from, kv.Value.Bytes);
            destination.Add(kv);
        }
        return new RowRange(start, range.Count);
    }

    private Utf8Ref Copy(SpanBatch from, Utf8Ref r) => r.IsEmpty ? default : Batch.Bytes.Append(from.Utf8(r));
}
