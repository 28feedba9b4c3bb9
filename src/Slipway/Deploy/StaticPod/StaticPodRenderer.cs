using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Slipway.Deploy.StaticPod;

/// <summary>Renders the v1 Pod a node's kubelet runs for one service: host network, image by digest, probe, drain hook.</summary>
public static partial class StaticPodRenderer
{
    /// <summary>The Pod for <paramref name="inputs"/>.</summary>
    public static V1Pod Render(PodInputs inputs)
    {
        var env = ServiceEnvironmentVariables.Of(inputs.Port, inputs.Conf, inputs.Xms, inputs.Xmx, inputs.JavaOpts, inputs.LoopbackOnly)
            .Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }).ToList();

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = inputs.Service,
                Labels = new Dictionary<string, string>
                {
                    [SlipwayLabels.App] = inputs.Service,
                    [SlipwayLabels.PodEnvironment] = inputs.Environment,
                    [SlipwayLabels.PodTag] = LabelValue(inputs.Tag),
                },
                Annotations = new Dictionary<string, string>
                {
                    [SlipwayLabels.Tag] = inputs.Tag,
                    [SlipwayLabels.Commit] = inputs.Commit,
                    [SlipwayLabels.Digest] = inputs.Digest,
                },
            },
            Spec = new V1PodSpec
            {
                HostNetwork = true,
                // Static pods run without the cluster DNS: the node's resolv.conf is what works.
                DnsPolicy = "Default",
                RestartPolicy = "Always",
                TerminationGracePeriodSeconds = inputs.StopTimeoutSeconds + inputs.DrainSeconds,
                Containers =
                [
                    new V1Container
                    {
                        Name = inputs.Service,
                        Image = inputs.Image,
                        ImagePullPolicy = "IfNotPresent",
                        Env = env,
                        Ports = [new V1ContainerPort { Name = "http", ContainerPort = inputs.Port, Protocol = "TCP" }],
                        ReadinessProbe = new V1Probe
                        {
                            HttpGet = new V1HTTPGetAction
                            {
                                Path = inputs.HealthPath,
                                Port = inputs.Port,
                                Host = inputs.LoopbackOnly ? "127.0.0.1" : null,
                            },
                            InitialDelaySeconds = 5, PeriodSeconds = 5, TimeoutSeconds = 3, FailureThreshold = 3,
                        },
                        Lifecycle = new V1Lifecycle
                        {
                            PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["sleep", inputs.DrainSeconds.ToString()] } },
                        },
                        Resources = PodResources.For(inputs.Xmx),
                    },
                ],
            },
        };
    }

    /// <summary>The manifest text committed for <paramref name="inputs"/>.</summary>
    public static string RenderYaml(PodInputs inputs) => KubernetesYaml.Serialize(Render(inputs));

    /// <summary>A Kubernetes label value: at most 63 characters of [A-Za-z0-9_.-], alphanumeric at both ends.</summary>
    public static string LabelValue(string value)
    {
        var cleaned = NotLabelChars().Replace(value, "-");
        if (cleaned.Length > 63) cleaned = cleaned[..63];
        return cleaned.Trim('-', '_', '.');
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NotLabelChars();
}
