using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>The API server's defaulting and validation of apps/v1 Deployments (the parts Slipway's manifests touch).</summary>
public static class FakeDeploymentRules
{
    public static void Default(V1Deployment deployment)
    {
        var spec = deployment.Spec ??= new V1DeploymentSpec();
        spec.Replicas ??= 1;
        spec.RevisionHistoryLimit ??= 10;
        spec.ProgressDeadlineSeconds ??= 600;
        spec.MinReadySeconds ??= 0;
        spec.Strategy ??= new V1DeploymentStrategy { Type = "RollingUpdate" };
        if (spec.Strategy.Type == "RollingUpdate")
        {
            spec.Strategy.RollingUpdate ??= new V1RollingUpdateDeployment();
            spec.Strategy.RollingUpdate.MaxSurge ??= "25%";
            spec.Strategy.RollingUpdate.MaxUnavailable ??= "25%";
        }
        var pod = spec.Template?.Spec;
        if (pod is null) return;
        pod.RestartPolicy ??= "Always";
        pod.DnsPolicy ??= "ClusterFirst";
        pod.SchedulerName ??= "default-scheduler";
        pod.TerminationGracePeriodSeconds ??= 30;
        foreach (var container in pod.Containers ?? [])
        {
            container.TerminationMessagePath ??= "/dev/termination-log";
            container.TerminationMessagePolicy ??= "File";
            container.ImagePullPolicy ??= "IfNotPresent";
            foreach (var port in container.Ports ?? [])
            {
                port.Protocol ??= "TCP";
                if (pod.HostNetwork == true) port.HostPort ??= port.ContainerPort;
            }
            if (container.ReadinessProbe is { } probe)
            {
                probe.SuccessThreshold ??= 1;
                probe.PeriodSeconds ??= 10;
                probe.TimeoutSeconds ??= 1;
                probe.FailureThreshold ??= 3;
                if (probe.HttpGet is { } get) get.Scheme ??= "HTTP";
            }
        }
    }

    /// <summary>Throws 422 Invalid listing every problem, as the real server does.</summary>
    public static void Validate(V1Deployment deployment)
    {
        var causes = new List<(string, string)>();
        var name = deployment.Metadata?.Name ?? "";
        CheckLabels(causes, "metadata.labels", deployment.Metadata?.Labels);
        var spec = deployment.Spec;
        if (spec is null) { causes.Add(("spec", "Required value")); throw FakeApiError.Invalid("Deployment.apps", name, causes); }
        if (spec.Replicas < 0) causes.Add(("spec.replicas", $"Invalid value: {spec.Replicas}: must be greater than or equal to 0"));
        var selector = spec.Selector?.MatchLabels;
        if (selector is null || selector.Count == 0) causes.Add(("spec.selector", "Required value"));
        var templateLabels = spec.Template?.Metadata?.Labels;
        CheckLabels(causes, "spec.template.metadata.labels", templateLabels);
        if (selector is not null && !selector.All(kv => templateLabels?.TryGetValue(kv.Key, out var v) == true && v == kv.Value))
            causes.Add(("spec.template.metadata.labels", "Invalid value: `selector` does not match template `labels`"));
        if (spec.ProgressDeadlineSeconds <= spec.MinReadySeconds)
            causes.Add(("spec.progressDeadlineSeconds", $"Invalid value: {spec.ProgressDeadlineSeconds}: must be greater than minReadySeconds"));
        var pod = spec.Template?.Spec;
        if (pod?.Containers is not { Count: > 0 }) causes.Add(("spec.template.spec.containers", "Required value"));
        foreach (var (key, value) in pod?.NodeSelector ?? new Dictionary<string, string>())
            if (!FakeLabels.IsValidValue(value))
                causes.Add(($"spec.template.spec.nodeSelector", $"Invalid value: \"{value}\": {FakeLabels.ValueRule}"));
        for (var i = 0; i < (pod?.Containers?.Count ?? 0); i++)
        {
            var container = pod!.Containers[i];
            if (string.IsNullOrEmpty(container.Image)) causes.Add(($"spec.template.spec.containers[{i}].image", "Required value"));
            foreach (var port in container.Ports ?? [])
                if (port.ContainerPort is < 1 or > 65535)
                    causes.Add(($"spec.template.spec.containers[{i}].ports.containerPort", $"Invalid value: {port.ContainerPort}: must be between 1 and 65535, inclusive"));
        }
        if (causes.Count > 0) throw FakeApiError.Invalid("Deployment.apps", name, causes);
    }

    private static void CheckLabels(List<(string, string)> causes, string field, IDictionary<string, string>? labels)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (!FakeLabels.IsValidKey(key)) causes.Add((field, $"Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.'"));
            if (!FakeLabels.IsValidValue(value)) causes.Add((field, $"Invalid value: \"{value}\": {FakeLabels.ValueRule}"));
        }
    }
}
