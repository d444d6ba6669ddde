namespace Orrery.EndToEnd.Tests.Support;

/// <summary>The smallest collector-shaped configs the reload and config tests swap between.</summary>
internal static class PipelineYaml
{
    /// <summary>Traces only: an OTLP log export is refused (no logs pipeline).</summary>
    public const string TracesOnly = """
        receivers:
          otlp:
        exporters:
          orrery:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [orrery]
        """;

    /// <summary><see cref="TracesOnly"/> plus a logs pipeline.</summary>
    public const string TracesAndLogs = TracesOnly + """

            logs:
              receivers: [otlp]
              exporters: [orrery]
        """;
}
