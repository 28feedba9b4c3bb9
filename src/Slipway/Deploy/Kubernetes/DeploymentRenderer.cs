using k8s.Models;
using Slipway.Catalog;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Renders the apps/v1 Deployment Slipway applies for one service: the whole intended state, nothing the server owns.</summary>
public static class DeploymentRenderer
{
    /// <summary>Readiness probe period; the probe fails a pod after 3 misses.</summary>
    public const int ProbePeriodSeconds = 5;

    /// <summary>The Deployment for <paramref name="request"/>, ready for a server-side apply.</summary>
    public static V1Deployment Render(KubernetesDeployRequest request)
    {
        var s = request.Settings;
        var mode = request.Mode;
        var budget = HostNetworkRollout.Budget(mode.RollingUpdate, s.Replicas, request.SchedulableNodes);
        var selector = new Dictionary<string, string> { [SlipwayLabels.App] = request.Name };
        var labels = new Dictionary<string, string>(selector)
        {
            [SlipwayLabels.Environment] = s.Environment,
            [KubernetesNames.ManagedByLabel] = KubernetesNames.FieldManager,
        };
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta
            {
                Name = request.Name,
                NamespaceProperty = request.Namespace,
                Labels = labels,
                Annotations = Annotations(request),
            },
            Spec = new V1DeploymentSpec
            {
                Replicas = s.Replicas,
                Selector = new V1LabelSelector { MatchLabels = selector },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment
                    {
                        MaxSurge = IntOrPercent(budget.MaxSurge),
                        MaxUnavailable = IntOrPercent(budget.MaxUnavailable),
                    },
                },
                MinReadySeconds = mode.MinReadySeconds,
                ProgressDeadlineSeconds = mode.ProgressDeadlineSeconds,
                RevisionHistoryLimit = mode.RevisionHistoryLimit,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = PodSpec(request),
                },
            },
        };
    }

    private static Dictionary<string, string> Annotations(KubernetesDeployRequest request)
    {
        var annotations = new Dictionary<string, string>
        {
            [SlipwayLabels.Digest] = request.ImageByDigest[(request.ImageByDigest.IndexOf('@') + 1)..],
        };
        if (!string.IsNullOrEmpty(request.Tag)) annotations[SlipwayLabels.Tag] = request.Tag;
        if (!string.IsNullOrEmpty(request.Commit)) annotations[SlipwayLabels.Commit] = request.Commit;
        if (!string.IsNullOrEmpty(request.LedgerEntryId)) annotations[SlipwayLabels.LedgerEntry] = request.LedgerEntryId;
        return annotations;
    }

    private static V1PodSpec PodSpec(KubernetesDeployRequest request)
    {
        var s = request.Settings;
        var mode = request.Mode;
        return new V1PodSpec
        {
            // Tomcat binds the node's port directly, as on the docker hosts; the scheduler keeps two pods of a service
            // off one node because the container port is declared (it becomes the host port).
            HostNetwork = true,
            DnsPolicy = "ClusterFirstWithHostNet",
            NodeSelector = mode.NodeSelector.Count > 0 ? new Dictionary<string, string>(mode.NodeSelector) : null,
            ImagePullSecrets = string.IsNullOrEmpty(mode.ImagePullSecret) ? null : [new V1LocalObjectReference { Name = mode.ImagePullSecret }],
            TerminationGracePeriodSeconds = mode.PreStopSleepSeconds + s.StopTimeoutSeconds,
            Containers = [Container(request)],
        };
    }

    private static V1Container Container(KubernetesDeployRequest request)
    {
        var s = request.Settings;
        var mode = request.Mode;
        var resources = s.Service.Environments.GetValueOrDefault(s.Environment)?.Resources ?? mode.Resources;
        return new V1Container
        {
            Name = request.Name,
            Image = request.ImageByDigest,
            ImagePullPolicy = "IfNotPresent",
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = s.Port, Protocol = "TCP" }],
            Env = Environment(s),
            ReadinessProbe = new V1Probe
            {
                HttpGet = new V1HTTPGetAction { Path = s.HealthPath, Port = s.Port },
                PeriodSeconds = ProbePeriodSeconds,
                TimeoutSeconds = 2,
                FailureThreshold = 3,
            },
            Lifecycle = Lifecycle(mode),
            Resources = new V1ResourceRequirements
            {
                Requests = Quantities(resources.Requests),
                Limits = Quantities(resources.Limits),
            },
        };
    }

    private static List<V1EnvVar> Environment(ResolvedService s) =>
        ServiceEnvironmentVariables.For(s).Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }).ToList();

    private static V1Lifecycle? Lifecycle(KubernetesModeSpec mode)
    {
        var lifecycle = new V1Lifecycle();
        if (mode.PostStart is { Count: > 0 })
            lifecycle.PostStart = new V1LifecycleHandler { Exec = new V1ExecAction { Command = [.. mode.PostStart] } };
        // exec sleep rather than the newer lifecycle 'sleep' action: it works on clusters older than 1.30.
        if (mode.PreStopSleepSeconds > 0)
            lifecycle.PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["sleep", mode.PreStopSleepSeconds.ToString()] } };
        return lifecycle.PostStart is null && lifecycle.PreStop is null ? null : lifecycle;
    }

    private static Dictionary<string, ResourceQuantity>? Quantities(Dictionary<string, string> values) =>
        values.Count == 0 ? null : values.ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value));

    /// <summary>"25%" stays a percentage string, "1" becomes the integer 1 (Kubernetes treats "1" as invalid).</summary>
    private static IntOrString IntOrPercent(string value) =>
        value.EndsWith('%') ? value : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
