using k8s.Models;
using Slipway.Catalog;
using Slipway.Registry;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// How a live Deployment's pod template differs from the one <see cref="DeploymentRenderer"/> renders now for the image it
/// runs. Only the fields Slipway renders are compared: the live template is first cut down to them, so what the API server
/// defaults (hostPort, probe scheme, termination message path...) or another manager adds is not a difference.
/// </summary>
public static class KubernetesConfigDrift
{
    /// <summary>The differences of <paramref name="live"/> from the catalog's Deployment for <paramref name="settings"/>.</summary>
    public static IReadOnlyList<ConfigDifference> Between(V1Deployment live, ResolvedService settings, Digest digest)
    {
        var annotations = live.Metadata?.Annotations;
        var input = new DeployInput { Settings = settings, Digest = digest };
        var desired = DeploymentRenderer.Render(new KubernetesDeployRequest
        {
            Settings = settings, ImageByDigest = input.ImageText,
            Tag = SlipwayLabels.Read(annotations, SlipwayLabels.Tag), Commit = SlipwayLabels.Read(annotations, SlipwayLabels.Commit),
        }).Spec.Template;
        return ConfigDifference.Between(ManifestFields.Of(RenderedFieldsOf(live.Spec?.Template, desired)), ManifestFields.Of(desired));
    }

    /// <summary>
    /// <paramref name="live"/> with only the fields <see cref="DeploymentRenderer"/> sets: its labels, the NCE_* variables,
    /// and the service container's image, ports, probe, lifecycle and resources.
    /// </summary>
    public static V1PodTemplateSpec RenderedFieldsOf(V1PodTemplateSpec? live, V1PodTemplateSpec desired)
    {
        var spec = live?.Spec;
        var name = desired.Spec.Containers[0].Name;
        var container = spec?.Containers?.FirstOrDefault(c => c.Name == name);
        var labels = live?.Metadata?.Labels?.Where(l => desired.Metadata.Labels.ContainsKey(l.Key)).ToDictionary();
        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = labels },
            Spec = new V1PodSpec
            {
                HostNetwork = spec?.HostNetwork,
                DnsPolicy = spec?.DnsPolicy,
                NodeSelector = spec?.NodeSelector,
                ImagePullSecrets = spec?.ImagePullSecrets?.Select(s => new V1LocalObjectReference { Name = s.Name }).ToList(),
                TerminationGracePeriodSeconds = spec?.TerminationGracePeriodSeconds,
                Containers = container is null ? [] : [RenderedFieldsOf(container)],
            },
        };
    }

    private static V1Container RenderedFieldsOf(V1Container c) => new()
    {
        Name = c.Name,
        Image = c.Image,
        ImagePullPolicy = c.ImagePullPolicy,
        Ports = c.Ports?.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.ContainerPort, Protocol = p.Protocol }).ToList(),
        Env = c.Env?.Where(e => e.Name.StartsWith("NCE_", StringComparison.Ordinal)).Select(e => new V1EnvVar { Name = e.Name, Value = e.Value }).ToList(),
        ReadinessProbe = c.ReadinessProbe is { } probe
            ? new V1Probe
            {
                HttpGet = probe.HttpGet is { } get ? new V1HTTPGetAction { Path = get.Path, Port = get.Port, Host = get.Host } : null,
                InitialDelaySeconds = probe.InitialDelaySeconds, PeriodSeconds = probe.PeriodSeconds,
                TimeoutSeconds = probe.TimeoutSeconds, FailureThreshold = probe.FailureThreshold,
            }
            : null,
        Lifecycle = c.Lifecycle is { } lifecycle ? new V1Lifecycle { PostStart = Exec(lifecycle.PostStart), PreStop = Exec(lifecycle.PreStop) } : null,
        Resources = c.Resources is { } resources ? new V1ResourceRequirements { Requests = resources.Requests, Limits = resources.Limits } : null,
    };

    private static V1LifecycleHandler? Exec(V1LifecycleHandler? handler) =>
        handler?.Exec is { } exec ? new V1LifecycleHandler { Exec = new V1ExecAction { Command = exec.Command } } : null;
}
