using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Slipway.Deploy.Kubernetes;
using Slipway.Diagnostics;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Tests.Kubernetes;

/// <summary>
/// Kubernetes mode on clusters whose nodes decide the rollout: host-networked pods take one node each, so the nodes
/// labelled for the environment bound the replicas and the surge. Each test starts the fake with the nodes it names.
/// </summary>
public sealed class KubernetesSchedulingTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int ProgressDeadlineSeconds = 3600; // a failure must come from the scheduler, never from the deadline
    private readonly MemoryBuildLog _log = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        foreach (var line in _log.Lines) output.WriteLine(line);
        _dir.Dispose();
    }

    private static (string, IReadOnlyDictionary<string, string>) Node(string name, string env) => (name, new Dictionary<string, string> { ["nce-env"] = env });

    /// <summary>The shipped catalog's shape: nodeSelector nce-env=pubtest, 1 replica, maxSurge/maxUnavailable 25%.</summary>
    private static void Shipped(JsonObject kubernetes, JsonObject service)
    {
        kubernetes["nodeSelector"] = new JsonObject { ["nce-env"] = "pubtest" };
        kubernetes["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" };
        service["replicas"] = 1;
    }

    private async Task<(IKubernetes Client, KubernetesDeployer Deployer, Func<string, KubernetesDeployRequest> Request)> SetupAsync(
        FakeKubeApiServer server, string ns, Action<JsonObject, JsonObject> edit)
    {
        var kubeconfig = _dir.Combine("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, server.Kubeconfig());
        var catalog = KubeTestCatalog.Create(ns, "fake-admin", ProgressDeadlineSeconds, edit: (k, s) => { k["rolloutTimeoutSeconds"] = 30; edit(k, s); });
        var settings = KubeTestCatalog.Resolve(catalog);
        var client = KubernetesConnection.Open(kubeconfig, "the test", "fake-admin");
        var deployer = new KubernetesDeployer(client, "fake-admin", _log) { PollInterval = TimeSpan.FromMilliseconds(20) };
        return (client, deployer, image => new KubernetesDeployRequest { Settings = settings, ImageByDigest = image, Tag = "t" });
    }

    private static string Image(int variant) => $"registry.test/ncerepo/app@sha256:{variant:x64}";

    [Fact]
    public async Task The_shipped_catalogs_one_replica_on_one_labelled_node_rolls_by_replacing_the_pod()
    {
        await using var server = await FakeKubeApiServer.StartAsync(nodes: [Node("pubtest-1", "pubtest"), Node("test-1", "test")]);
        var (client, deployer, request) = await SetupAsync(server, "nce", Shipped);
        await deployer.DeployAsync(request(Image(1)));

        var result = await deployer.DeployAsync(request(Image(2)));

        Assert.True(result.Changed);
        var d = await client.AppsV1.ReadNamespacedDeploymentAsync("app", "nce");
        Assert.Equal(Image(2), d.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(("0", "1"), (d.Spec.Strategy.RollingUpdate.MaxSurge.Value, d.Spec.Strategy.RollingUpdate.MaxUnavailable.Value));
        Assert.Equal("pubtest-1", (await client.CoreV1.ListNamespacedPodAsync("nce")).Items.Single().Spec.NodeName);
        Assert.Contains(_log.Lines, l => l.Contains("1 node(s) can run the 1 replica(s) on port 18480, leaving 0 for surge pods") &&
                                         l.Contains("rolling with maxSurge 0, maxUnavailable 1"));
    }

    [Fact]
    public async Task With_a_spare_labelled_node_the_catalogs_surge_stays()
    {
        await using var server = await FakeKubeApiServer.StartAsync(nodes: [Node("pubtest-1", "pubtest"), Node("pubtest-2", "pubtest")]);
        var (client, deployer, request) = await SetupAsync(server, "nce", Shipped);

        await deployer.DeployAsync(request(Image(1)));
        await deployer.DeployAsync(request(Image(2)));

        var d = await client.AppsV1.ReadNamespacedDeploymentAsync("app", "nce");
        Assert.Equal(("25%", "25%"), (d.Spec.Strategy.RollingUpdate.MaxSurge.Value, d.Spec.Strategy.RollingUpdate.MaxUnavailable.Value));
        Assert.DoesNotContain(_log.Lines, l => l.Contains("rolling with maxSurge"));
    }

    [Fact]
    public async Task A_nodeSelector_no_node_matches_fails_before_anything_is_applied()
    {
        await using var server = await FakeKubeApiServer.StartAsync(nodes: [Node("test-1", "test")]);
        var (client, deployer, request) = await SetupAsync(server, "nce", Shipped);

        var error = await Assert.ThrowsAsync<SlipwayException>(() => deployer.DeployAsync(request(Image(1))));

        Assert.Contains("environment 'kube-test' kubernetes.nodeSelector (context fake-admin)", error.Message);
        Assert.Contains("the cluster has no schedulable nodes labelled nce-env=pubtest", error.Message);
        Assert.Contains("Fix: label the nodes meant for 'kube-test' (kubectl label node NODE nce-env=pubtest)", error.Message);
        Assert.Empty((await client.AppsV1.ListNamespacedDeploymentAsync("nce")).Items);
    }

    [Fact]
    public async Task More_replicas_than_labelled_nodes_fails_before_anything_is_applied()
    {
        await using var server = await FakeKubeApiServer.StartAsync(nodes: [Node("pubtest-1", "pubtest"), Node("test-1", "test")]);
        var (client, deployer, request) = await SetupAsync(server, "nce", (k, s) => { Shipped(k, s); s["replicas"] = 2; });

        var error = await Assert.ThrowsAsync<SlipwayException>(() => deployer.DeployAsync(request(Image(1))));

        Assert.Contains("services.app.environments.kube-test.replicas: 2 replicas need 2 nodes, as each binds host port 18480", error.Message);
        Assert.Contains("only 1 schedulable nodes labelled nce-env=pubtest", error.Message);
        Assert.Contains("Fix: set replicas to at most 1, or label more nodes nce-env=pubtest", error.Message);
        Assert.Empty((await client.AppsV1.ListNamespacedDeploymentAsync("nce")).Items);
    }

    [Fact]
    public async Task A_port_another_pod_holds_fails_the_rollout_at_once_naming_the_pod_the_port_and_the_nodes()
    {
        await using var server = await FakeKubeApiServer.StartAsync(nodes: [Node("pubtest-1", "pubtest")]);
        var (_, first, firstRequest) = await SetupAsync(server, "other", Shipped);
        await first.DeployAsync(firstRequest(Image(1)));
        var (client, deployer, request) = await SetupAsync(server, "nce", Shipped);
        var started = server.Cluster.Clock.Seconds;

        var error = await Assert.ThrowsAsync<SlipwayException>(() => deployer.DeployAsync(request(Image(2))));

        Assert.Contains("a new pod can never be scheduled, so the rollout was stopped before its progress deadline", error.Message);
        Assert.Matches("pod app-[a-z0-9]+-[a-z0-9]+ cannot be scheduled \\(Unschedulable\\): 0/1 nodes are available: " +
                       "1 node\\(s\\) didn't have free ports for the requested pod ports", error.Message);
        Assert.Contains("host port 18480/TCP is taken on every node labelled nce-env=pubtest that could run it", error.Message);
        Assert.Contains("no previous revision to roll back to", error.Message);
        Assert.True(server.Cluster.Clock.Seconds - started < ProgressDeadlineSeconds);
        Assert.Null((await client.CoreV1.ListNamespacedPodAsync("nce")).Items.Single().Spec.NodeName);
    }
}
