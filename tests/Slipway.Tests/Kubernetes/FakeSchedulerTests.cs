using k8s;
using k8s.Models;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Tests.Kubernetes;

/// <summary>The fake's scheduler: which node a pod goes to, the real scheduler's message when none fits, and what a bound or unbound pod shows.</summary>
public sealed class FakeSchedulerTests
{
    private static V1Node Node(string name, int index, params (string Key, string Value)[] labels) =>
        FakeNodeStore.New(name, labels.ToDictionary(l => l.Key, l => l.Value), index);

    private static V1Pod Pod(int port, bool hostNetwork = true, string? node = null, Dictionary<string, string>? selector = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"pod-{port}-{node}" },
        Spec = new V1PodSpec
        {
            HostNetwork = hostNetwork, NodeName = node, NodeSelector = selector,
            Containers = [new V1Container { Name = "app", Image = "x", Ports = [new V1ContainerPort { ContainerPort = port, Protocol = "TCP" }] }],
        },
    };

    private static readonly Dictionary<string, string> Pubtest = new() { ["nce-env"] = "pubtest" };

    [Fact]
    public void A_pod_whose_nodeSelector_no_node_matches_gets_the_schedulers_message()
    {
        var (node, message) = FakeScheduler.Decide(Pod(18480, selector: Pubtest), [Node("a", 0), Node("b", 1, ("nce-env", "test"))], []);

        Assert.Null(node);
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. " +
                     "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", message);
    }

    [Fact]
    public void A_host_port_held_on_the_only_matching_node_is_counted_apart_from_the_selector_misses()
    {
        var nodes = new[] { Node("a", 0, ("nce-env", "pubtest")), Node("b", 1), Node("c", 2) };

        var (node, message) = FakeScheduler.Decide(Pod(18480, selector: Pubtest), nodes, [Pod(18480, node: "a")]);

        Assert.Null(node);
        Assert.Equal("0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, " +
                     "2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: " +
                     "1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.", message);
    }

    [Fact]
    public void A_pod_goes_to_the_matching_node_whose_port_is_free()
    {
        var nodes = new[] { Node("a", 0, ("nce-env", "pubtest")), Node("b", 1, ("nce-env", "pubtest")), Node("c", 2) };

        var (node, _) = FakeScheduler.Decide(Pod(18480, selector: Pubtest), nodes, [Pod(18480, node: "a"), Pod(9000, node: "b")]);

        Assert.Equal("b", node?.Metadata.Name);
    }

    [Fact]
    public void Pods_off_the_host_network_without_host_ports_share_a_node()
    {
        var (node, message) = FakeScheduler.Decide(Pod(18480, hostNetwork: false), [Node("a", 0)], [Pod(18480, hostNetwork: false, node: "a")]);

        Assert.Equal("a", node?.Metadata.Name);
        Assert.Null(message);
    }

    [Fact]
    public void Without_nodes_nothing_schedules()
    {
        Assert.Equal("no nodes available to schedule pods", FakeScheduler.Decide(Pod(80), [], []).Message);
    }

    [Fact]
    public async Task A_bound_pod_carries_its_node_and_a_blocked_one_waits_Pending_with_an_event_until_the_port_frees()
    {
        await using var server = await FakeKubeApiServer.StartAsync(nodes:
        [
            ("labelled", new Dictionary<string, string> { ["nce-env"] = "pubtest" }),
            ("other", new Dictionary<string, string>()),
        ]);
        using var temp = new TempDir();
        await File.WriteAllTextAsync(temp.Combine("kubeconfig"), server.Kubeconfig());
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(temp.Combine("kubeconfig")));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "s" } });

        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("first"), "s");
        var first = await Poll.UntilAsync(async () => (await PodOf(client, "first")) is { Status.Phase: "Running" } p ? p : null, "the first pod running");
        var labelled = await client.CoreV1.ReadNodeAsync("labelled");
        var ip = labelled.Status.Addresses.Single(a => a.Type == "InternalIP").Address;
        Assert.Equal("labelled", first.Spec.NodeName);
        Assert.Equal(ip, first.Status.HostIP);
        Assert.Equal(ip, first.Status.PodIP);
        Assert.Equal(ip, first.Status.PodIPs.Single().Ip);
        Assert.NotNull(first.Status.StartTime);

        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("second"), "s");
        var blocked = await Poll.UntilAsync(async () => await PodOf(client, "second") is { } p &&
            p.Status?.Conditions?.Any(c => c is { Type: "PodScheduled", Status: "False" }) == true ? p : null, "the second pod unschedulable");
        var scheduled = blocked.Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Equal("Pending", blocked.Status.Phase);
        Assert.Null(blocked.Spec.NodeName);
        Assert.Equal("Unschedulable", scheduled.Reason);
        Assert.StartsWith("0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) didn't match", scheduled.Message);
        var events = await client.CoreV1.ListNamespacedEventAsync("s", fieldSelector: $"involvedObject.name={blocked.Metadata.Name}");
        var failed = Assert.Single(events.Items);
        Assert.Equal(("Warning", "FailedScheduling", scheduled.Message), (failed.Type, failed.Reason, failed.Message));
        Assert.Equal(("Pod", blocked.Metadata.Uid), (failed.InvolvedObject.Kind, failed.InvolvedObject.Uid));
        await Poll.UntilAsync(async () => (await client.AppsV1.ReadNamespacedDeploymentAsync("second", "s")).Status?.Conditions?
            .FirstOrDefault(c => c.Reason == "ProgressDeadlineExceeded"), "the second Deployment past its progress deadline");

        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":0}}", V1Patch.PatchType.MergePatch), "first", "s");
        var freed = await Poll.UntilAsync(async () => (await PodOf(client, "second")) is { Status.Phase: "Running" } p ? p : null, "the second pod running once the port is free");
        Assert.Equal("labelled", freed.Spec.NodeName);
    }

    private static async Task<V1Pod?> PodOf(IKubernetes client, string deployment) =>
        (await client.CoreV1.ListNamespacedPodAsync("s", labelSelector: $"app={deployment}")).Items.FirstOrDefault();

    private static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1, ProgressDeadlineSeconds = 2,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    HostNetwork = true, NodeSelector = new Dictionary<string, string> { ["nce-env"] = "pubtest" },
                    Containers = [new V1Container { Name = "app", Image = "registry.test/app@sha256:" + new string('1', 64), Ports = [new V1ContainerPort { ContainerPort = 18480 }] }],
                },
            },
        },
    };
}
