using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>A series of a block: its labels and its chunks in time order, not overlapping.</summary>
public sealed record BlockSeries(LabelSet Labels, IReadOnlyList<EncodedChunk> Chunks);
