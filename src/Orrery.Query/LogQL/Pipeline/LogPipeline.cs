using Orrery.Query.LogQL.Syntax;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>A compiled pipeline: its stages in order. One instance per query execution thread (stages keep scratch state).</summary>
public sealed class LogPipeline
{
    private readonly ILogStage[] _stages;

    private LogPipeline(ILogStage[] stages)
    {
        _stages = stages;
        while (_leadingLineFilters < stages.Length && stages[_leadingLineFilters] is LineFilter) _leadingLineFilters++;
    }

    private readonly int _leadingLineFilters;

    public static LogPipeline Compile(IEnumerable<PipelineStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        return new LogPipeline(stages.Select(CompileStage).ToArray());
    }

    /// <summary>Also compiles unwrap's trailing label filters into the same pipeline.</summary>
    public static LogPipeline Compile(IEnumerable<PipelineStage> stages, IEnumerable<LabelFilterExpr> trailingFilters) =>
        Compile(stages.Concat(trailingFilters.Select(f => (PipelineStage)new LabelFilterStage(f))));

    public int StageCount => _stages.Length;

    /// <summary>Runs the stages; false when a stage dropped the line.</summary>
    public bool Process(LogLine line) => ProcessLeadingLineFilters(line) && ProcessRest(line);

    /// <summary>
    /// The line filters before any other stage: they read only the line, so the scanner runs
    /// them before decoding the line's structured metadata, which most lines of a selective
    /// search never need.
    /// </summary>
    public bool ProcessLeadingLineFilters(LogLine line)
    {
        for (var i = 0; i < _leadingLineFilters; i++)
        {
            if (!_stages[i].Process(line)) return false;
        }
        return true;
    }

    /// <summary>The stages after the leading line filters.</summary>
    public bool ProcessRest(LogLine line)
    {
        for (var i = _leadingLineFilters; i < _stages.Length; i++)
        {
            if (!_stages[i].Process(line)) return false;
        }
        return true;
    }

    private static ILogStage CompileStage(PipelineStage stage) => stage switch
    {
        LineFilterStage f => new LineFilter(f),
        IpLineFilterStage f => new IpLineFilter(f.Contains, f.Pattern),
        JsonParserStage { Parameters.Count: 0 } => new JsonParser(),
        JsonParserStage j => new JsonExpressionParser(j.Parameters),
        LogfmtParserStage l => new LogfmtParser(l.Strict, l.Parameters),
        RegexpParserStage r => new RegexpParser(r.Pattern),
        PatternParserStage p => new PatternParser(p.Pattern),
        UnpackStage => new UnpackParser(),
        LabelFilterStage f => LabelFilter.Compile(f.Filter),
        LineFormatStage f => new LineFormatter(f.Template),
        LabelFormatStage f => new LabelFormatter(f.Items),
        DropStage d => new LabelSelector(d.Labels, keep: false),
        KeepStage k => new LabelSelector(k.Labels, keep: true),
        DecolorizeStage => new Decolorizer(),
        _ => throw new ArgumentException($"unknown stage {stage}", nameof(stage)),
    };
}
