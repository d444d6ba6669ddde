namespace Orrery.Receive.Otlp.Logs;

/// <summary>How OTLP log records are mapped onto Loki's streams.</summary>
/// <param name="IndexLabelAttributes">
/// Resource attributes that become index labels (dots and other characters Loki does not allow
/// in a label name become underscores: <c>service.name</c> → <c>service_name</c>). Every other
/// attribute becomes structured metadata. Null means <see cref="LokiDefaultIndexLabelAttributes"/>.
/// </param>
public sealed record OtlpLogsOptions(IReadOnlyList<string>? IndexLabelAttributes = null)
{
    /// <summary>
    /// Loki 3's default list (<c>distributor.otlp_config.default_resource_attributes_as_index_labels</c>),
    /// with <c>deployment.environment.name</c>, the semantic-conventions successor of
    /// <c>deployment.environment</c>, beside it.
    /// </summary>
    public static IReadOnlyList<string> LokiDefaultIndexLabelAttributes { get; } =
    [
        "cloud.availability_zone",
        "cloud.region",
        "container.name",
        "deployment.environment",
        "deployment.environment.name",
        "k8s.cluster.name",
        "k8s.container.name",
        "k8s.cronjob.name",
        "k8s.daemonset.name",
        "k8s.deployment.name",
        "k8s.job.name",
        "k8s.namespace.name",
        "k8s.pod.name",
        "k8s.replicaset.name",
        "k8s.statefulset.name",
        "service.instance.id",
        "service.name",
        "service.namespace",
    ];

    public IReadOnlyList<string> EffectiveIndexLabelAttributes => IndexLabelAttributes ?? LokiDefaultIndexLabelAttributes;
}
