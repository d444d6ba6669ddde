namespace Orrery.Receive.Scrape.Relabel;

/// <summary>The relabel actions of Prometheus's <c>relabel_config</c> (names lower-case in YAML).</summary>
public enum RelabelAction
{
    Replace,
    Keep,
    Drop,
    HashMod,
    LabelMap,
    LabelDrop,
    LabelKeep,
    Lowercase,
    Uppercase,
    KeepEqual,
    DropEqual,
}
