using Orrery.Signals;

namespace Orrery.Ui.Analysis;

/// <summary>What the trace analyses need of one span; built from a SpanBatch, or by hand in tests.</summary>
public readonly record struct AnalysisSpan(SpanId Id, SpanId Parent, long StartUnixNano, long EndUnixNano, string Service, string Name, bool Error);
