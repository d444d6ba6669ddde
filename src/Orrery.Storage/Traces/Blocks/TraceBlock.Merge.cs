namespace Orrery.Storage.Traces.Blocks;

public sealed partial class TraceBlock
{
    /// <summary>
    /// Adds every string of this block's dictionary, and its attribute keys, to a merge's
    /// dictionary. A decoded span's strings come from this dictionary or were stored inline
    /// (too long), so the union over the inputs holds every string a merge looks up, without
    /// decoding a page.
    /// </summary>
    internal void AddStringsTo(BlockDictionaryBuilder dictionary)
    {
        var strings = _index.Dictionary;
        for (var i = 0; i < strings.Count; i++) dictionary.Add(strings.Get(i));
        foreach (var key in _index.AttributeKeys) dictionary.AddKey(strings.Get(key));
    }
}
