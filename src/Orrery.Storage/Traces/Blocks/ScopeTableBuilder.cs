using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Deduplicates resources and scopes across all input batches: each distinct resource (and scope)
/// is stored once per block and spans refer to it by index. Two resources are the same when their
/// encodings are byte-equal, which the dictionary makes canonical.
/// </summary>
internal sealed class ScopeTableBuilder
{
    private readonly IReadOnlyList<SpanBatch> _batches;
    private readonly BlockDictionaryBuilder _dictionary;
    private readonly TagIndexBuilder _tags;
    private readonly Utf8Interner _resources = new();
    private readonly Utf8Interner _scopes = new();
    private readonly List<int[]?> _scopeMaps = [];
    private readonly ByteBuffer _scratch = new();

    public ScopeTableBuilder(IReadOnlyList<SpanBatch> batches, BlockDictionaryBuilder dictionary, TagIndexBuilder tags)
    {
        _batches = batches;
        _dictionary = dictionary;
        _tags = tags;
    }

    /// <summary>Adds the strings of a batch's scope and its resource to the dictionary (before it is finished).</summary>
    public static void AddStrings(SpanBatch batch, int scope, BlockDictionaryBuilder dictionary)
    {
        ref var s = ref batch.Scopes[scope];
        ref var r = ref batch.Resources[s.Resource];
        dictionary.AddValue(batch.Utf8(r.SchemaUrl));
        AttributeRowCodec.AddStrings(batch, batch.ResourceAttributes, r.Attributes, dictionary);
        dictionary.AddValue(batch.Utf8(s.Name));
        dictionary.AddValue(batch.Utf8(s.Version));
        dictionary.AddValue(batch.Utf8(s.SchemaUrl));
        AttributeRowCodec.AddStrings(batch, batch.ScopeAttributes, s.Attributes, dictionary);
    }

    /// <summary>The block scope index of scope row <paramref name="scope"/> of input batch <paramref name="batch"/>.</summary>
    public int Map(int batch, int scope)
    {
        while (_scopeMaps.Count <= batch) _scopeMaps.Add(null);
        var map = _scopeMaps[batch];
        if (map is null)
        {
            map = new int[_batches[batch].Scopes.Count];
            Array.Fill(map, -1);
            _scopeMaps[batch] = map;
        }
        if (map[scope] >= 0) return map[scope];

        var b = _batches[batch];
        ref var s = ref b.Scopes[scope];
        var resource = MapResource(b, s.Resource);
        _scratch.Clear();
        _scratch.WriteVarUInt((ulong)resource);
        WriteString(b.Utf8(s.Name));
        WriteString(b.Utf8(s.Version));
        WriteString(b.Utf8(s.SchemaUrl));
        _scratch.WriteVarUInt(s.DroppedAttributesCount);
        AttributeRowCodec.Write(_scratch, b, b.ScopeAttributes, s.Attributes, _dictionary);
        map[scope] = _scopes.Intern(_scratch.Written);
        return map[scope];
    }

    /// <summary>Drops the scope map of input batch <paramref name="batch"/>, which a streaming writer has replaced.</summary>
    public void Forget(int batch)
    {
        if (batch < _scopeMaps.Count) _scopeMaps[batch] = null;
    }

    public void WriteResources(ByteBuffer b) => WriteTable(b, _resources);

    public void WriteScopes(ByteBuffer b) => WriteTable(b, _scopes);

    private int MapResource(SpanBatch b, int resource)
    {
        ref var r = ref b.Resources[resource];
        _scratch.Clear();
        WriteString(b.Utf8(r.SchemaUrl));
        _scratch.WriteVarUInt(r.DroppedAttributesCount);
        AttributeRowCodec.Write(_scratch, b, b.ResourceAttributes, r.Attributes, _dictionary);
        var before = _resources.Count;
        var id = _resources.Intern(_scratch.Written);
        if (id == before)
        {
            foreach (ref var kv in b.ResourceAttributes.AsSpan().Slice(r.Attributes.Start, r.Attributes.Count))
            {
                var v = b.Utf8(kv.Value.Bytes);
                var stringId = kv.Value.Kind == ValueKind.String && v.Length <= BlockFormat.MaxDictionaryString ? _dictionary.IdOf(v) : -1;
                _tags.Add(AttributeScope.Resource, _dictionary.IdOf(b.Utf8(kv.Key)), kv.Value, stringId);
            }
        }
        return id;
    }

    private void WriteString(ReadOnlySpan<byte> value) => AttributeRowCodec.WriteString(_scratch, value, _dictionary);

    private static void WriteTable(ByteBuffer b, Utf8Interner table)
    {
        b.WriteVarUInt((ulong)table.Count);
        for (var i = 0; i < table.Count; i++) b.WriteBytes(table[i]);
    }
}
