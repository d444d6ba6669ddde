namespace Orrery.Ui.Assets;

/// <summary>One embedded file of the UI: its bytes, media type and a strong ETag over its content.</summary>
internal sealed record UiAsset(string Path, byte[] Content, string ContentType, string ETag);
