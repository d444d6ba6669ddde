using System.Diagnostics.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// The TSDB's own counters, on a Meter named <see cref="MeterName"/> that the process's
/// /metrics exporter picks up (it takes every meter whose name starts with "Orrery").
/// </summary>
internal sealed class MetricStoreInstruments : IDisposable
{
    public const string MeterName = "Orrery.Storage.Metrics";

    private readonly Meter _meter = new(MeterName);

    public MetricStoreInstruments(Func<long> headSeries)
    {
        SamplesAppended = _meter.CreateCounter<long>("orrery_tsdb_samples_appended", description: "Float and histogram samples stored.");
        SamplesRejected = _meter.CreateCounter<long>("orrery_tsdb_samples_rejected", description: "Samples refused, by reason (out_of_order, duplicate, limit).");
        ExemplarsRejected = _meter.CreateCounter<long>("orrery_tsdb_exemplars_rejected", description: "Exemplars refused, by reason.");
        SeriesCreated = _meter.CreateCounter<long>("orrery_tsdb_series_created", description: "Series added to the head.");
        SeriesRefused = _meter.CreateCounter<long>("orrery_tsdb_series_refused", description: "New series refused by a cardinality limit, by limit.");
        BlocksCut = _meter.CreateCounter<long>("orrery_tsdb_blocks_cut", description: "Blocks written from the head.");
        Compactions = _meter.CreateCounter<long>("orrery_tsdb_compactions", description: "Blocks written by compaction.");
        _meter.CreateObservableGauge("orrery_tsdb_head_series", headSeries, description: "Series in the head, all tenants.");
    }

    public Counter<long> SamplesAppended { get; }

    public Counter<long> SamplesRejected { get; }

    public Counter<long> ExemplarsRejected { get; }

    public Counter<long> SeriesCreated { get; }

    public Counter<long> SeriesRefused { get; }

    public Counter<long> BlocksCut { get; }

    public Counter<long> Compactions { get; }

    public void Dispose() => _meter.Dispose();
}
