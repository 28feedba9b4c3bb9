using k8s.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Deploy.Docker;
using Slipway.Deploy.Kubernetes;
using Slipway.Deploy.StaticPod;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Tests.Kubernetes;
using Slipway.TestSupport;

namespace Slipway.Tests.Deploy;

/// <summary>The three deploy modes hand a service the same NCE_* variables, in the same order.</summary>
public sealed class ServiceEnvironmentVariablesTests
{
    private const string Digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly Slipway.Catalog.Catalog Catalog =
        KubeTestCatalog.Create("ns", "ctx", 60, edit: (_, service) => service["javaOpts"] = "-Dx=y");

    private static ResolvedService Settings() => Catalog.Resolve(KubeTestCatalog.Service, KubeTestCatalog.Environment);

    private static List<string> Docker(ResolvedService settings, DockerHostSpec host)
    {
        using var dir = new TempDir();
        using var ctx = new ChainContext
        {
            Catalog = Catalog, Environment = settings.Environment,
            Log = new MemoryBuildLog(), Paths = new WorkspacePaths(dir.Combine(".slipway")), RecipeRoot = dir.Path,
        };
        var run = new ServiceRun(settings.Name, settings) { Digest = Slipway.Registry.Digest.Parse(Digest, "test"), Tag = "t" };
        return ContainerSpecFactory.Create(ctx, DeployStep.InputOf(run), host, new DockerModeSpec { Hosts = [host] }).Environment
            .Select(v => $"{v.Key}={v.Value}").ToList();
    }

    private static List<string> StaticPod(ResolvedService settings, string nodeAddress) =>
        Pairs(StaticPodRenderer.Render(PodInputs.From(new DeployInput { Settings = settings, Digest = Slipway.Registry.Digest.Parse(Digest, "test"), Tag = "t", Commit = "c" }, nodeAddress)).Spec.Containers[0].Env);

    private static List<string> Kubernetes(ResolvedService settings) =>
        Pairs(DeploymentRenderer.Render(new KubernetesDeployRequest { Settings = settings, ImageByDigest = $"registry.test/ncerepo/app@{Digest}" })
            .Spec.Template.Spec.Containers[0].Env);

    private static List<string> Pairs(IEnumerable<V1EnvVar> env) => env.Select(v => $"{v.Name}={v.Value}").ToList();

    [Fact]
    public void Docker_static_pod_and_Kubernetes_give_the_same_variables()
    {
        var settings = Settings();
        string[] expected = ["NCE_PORT=18480", "NCE_CONF=kube", "NCE_XMS=64m", "NCE_XMX=128m", "NCE_JAVA_OPTS=-Dx=y"];

        Assert.Equal(expected, Kubernetes(settings));
        Assert.Equal(expected, StaticPod(settings, "10.0.0.5"));
        Assert.Equal(expected, Docker(settings, new DockerHostSpec { Name = "h", Address = "10.0.0.5" }));
    }

    [Fact]
    public void A_loopback_target_binds_loopback_and_a_docker_host_adds_its_port_offset()
    {
        var settings = Settings();
        string[] expected = ["NCE_PORT=18580", "NCE_CONF=kube", "NCE_ADDRESS=127.0.0.1", "NCE_XMS=64m", "NCE_XMX=128m", "NCE_JAVA_OPTS=-Dx=y"];

        Assert.Equal(expected, Docker(settings, new DockerHostSpec { Name = "h", Address = "127.0.0.1", PortOffset = 100 }));
        Assert.Equal(expected.Select(v => v.Replace("18580", "18480")), StaticPod(settings, "127.0.0.1"));
    }
}
