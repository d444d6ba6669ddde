using Orrery.Configuration;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Exporters;
using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Hosting;

/// <summary>
/// The collector-style pipelines between the receivers and the stores, swappable on reload.
/// Receivers hold one <see cref="Entry"/> per receiver type for the whole process; each call goes
/// to the graph current at that moment. A reload builds the new graph first (a bad config
/// changes nothing), swaps it in, waits for calls still inside the old graph, then disposes it
/// (which flushes what its batch processors held), so a reload drops nothing.
/// </summary>
internal sealed class SignalPipelines : IAsyncDisposable
{
    private readonly PipelineTerminals _terminals;
    private readonly Func<PipelineContext> _newContext;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private Generation _current;

    private SignalPipelines(PipelineTerminals terminals, Func<PipelineContext> newContext, Generation first)
    {
        _terminals = terminals;
        _newContext = newContext;
        _current = first;
    }

    /// <summary>The known component types.</summary>
    public static ComponentRegistry Registry => ComponentRegistry.Default;

    /// <summary>The pipeline sections of the config file, or the built-in default when it has no <c>service</c> section.</summary>
    public static PipelineConfig LoadConfig(string? configPath)
    {
        string? text = null;
        if (configPath is not null)
        {
            try
            {
                text = File.ReadAllText(configPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StartupException($"cannot read config file '{configPath}': {e.Message}");
            }
        }
        try
        {
            // The whole file is parsed (other keys are ignored there) so error lines are the file's.
            var config = text is not null && ConfigFile.Sections(text, configPath!, ["service"]) is not null
                ? PipelineConfig.Parse(text)
                : PipelineConfig.Default();
            config.Validate(Registry);
            return config;
        }
        catch (PipelineConfigException e)
        {
            throw new StartupException(configPath is null ? "built-in pipeline: " + e.Message : $"config file '{configPath}': {e.Message}");
        }
        catch (SettingsException e)
        {
            throw new StartupException(e.Message);
        }
    }

    /// <summary>
    /// Builds the first graph. <paramref name="newContext"/> makes a fresh context per build:
    /// components of one graph find each other through it (the samplers' decisions), so a
    /// reloaded graph must not share the old one's.
    /// </summary>
    public static SignalPipelines Start(PipelineConfig config, PipelineTerminals terminals, Func<PipelineContext> newContext) =>
        new(terminals, newContext, new Generation(config.Build(terminals, newContext(), Registry)));

    /// <summary>The stable consumers a receiver of <paramref name="receiverType"/> (<see cref="ReceiverTypes"/>) calls.</summary>
    public Entry For(string receiverType) => new(this, receiverType);

    /// <summary>Replaces the running pipelines with <paramref name="config"/>'s (already validated).</summary>
    public async Task ReloadAsync(PipelineConfig config)
    {
        await _reloadGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var next = new Generation(config.Build(_terminals, _newContext(), Registry));
            var old = Interlocked.Exchange(ref _current, next);
            await old.RetireAsync().ConfigureAwait(false);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reloadGate.WaitAsync().ConfigureAwait(false);
        await _current.RetireAsync().ConfigureAwait(false);
    }

    /// <summary>Enters the current generation; the caller must <see cref="Generation.Leave"/> it.</summary>
    private Generation Enter()
    {
        while (true)
        {
            var generation = Volatile.Read(ref _current);
            if (generation.TryEnter()) return generation;
            // Retired between the read and the entry: the swap has already published the next one.
        }
    }

    /// <summary>One built graph and the calls currently inside it.</summary>
    private sealed class Generation(PipelineGraph graph)
    {
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inside;
        private bool _retired;

        public PipelineGraph Graph { get; } = graph;

        public bool TryEnter()
        {
            lock (_drained)
            {
                if (_retired) return false;
                _inside++;
                return true;
            }
        }

        public void Leave()
        {
            lock (_drained)
            {
                if (--_inside == 0 && _retired) _drained.TrySetResult();
            }
        }

        public async Task RetireAsync()
        {
            lock (_drained)
            {
                _retired = true;
                if (_inside == 0) _drained.TrySetResult();
            }
            await _drained.Task.ConfigureAwait(false);
            await Graph.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What one receiver type calls; refuses a signal no pipeline takes from that receiver.</summary>
    public sealed class Entry(SignalPipelines owner, string receiverType) : ITraceConsumer, IMetricConsumer, ILogConsumer
    {
        public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            var generation = owner.Enter();
            try
            {
                var next = generation.Graph.For(receiverType).Traces ?? throw NoPipeline("traces");
                await next.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                generation.Leave();
            }
        }

        public async ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
        {
            var generation = owner.Enter();
            try
            {
                var next = generation.Graph.For(receiverType).Metrics ?? throw NoPipeline("metrics");
                return await next.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                generation.Leave();
            }
        }

        public async ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
        {
            var generation = owner.Enter();
            try
            {
                var next = generation.Graph.For(receiverType).Logs ?? throw NoPipeline("logs");
                return await next.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                generation.Leave();
            }
        }

        private ConsumerRejectedException NoPipeline(string signal) =>
            new($"no {signal} pipeline in the configuration receives from '{receiverType}'", retryable: false);
    }
}
