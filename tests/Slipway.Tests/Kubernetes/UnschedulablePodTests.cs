using k8s.Models;
using Slipway.Deploy.Kubernetes;

namespace Slipway.Tests.Kubernetes;

/// <summary>Which unschedulable pods no wait would fix, and what the failure says about them.</summary>
public sealed class UnschedulablePodTests
{
    private const string NoMatch = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    private const string PortTaken = "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    private const string NoCpu = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";

    private static V1Pod Pending(string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = "app-abc-xyz" },
        Spec = new V1PodSpec
        {
            HostNetwork = true, NodeSelector = new Dictionary<string, string> { ["nce-env"] = "pubtest" },
            Containers = [new V1Container { Name = "app", Ports = [new V1ContainerPort { ContainerPort = 18480, HostPort = 18480, Protocol = "TCP" }] }],
        },
        Status = new V1PodStatus { Phase = "Pending", Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = message }] },
    };

    [Fact]
    public void A_selector_no_node_matches_is_hopeless_and_the_failure_names_the_labels_to_add()
    {
        var cause = UnschedulablePod.Hopeless([Pending(NoMatch)], terminating: true);

        Assert.Equal($"pod app-abc-xyz cannot be scheduled (Unschedulable): {NoMatch}; it may only run on nodes labelled nce-env=pubtest: " +
                     "label the nodes meant for it (kubectl label node NODE nce-env=pubtest) or correct the catalog's nodeSelector", cause);
    }

    [Fact]
    public void A_taken_port_is_hopeless_unless_a_pod_of_the_Deployment_is_terminating()
    {
        Assert.Null(UnschedulablePod.Hopeless([Pending(PortTaken)], terminating: true));

        var cause = UnschedulablePod.Hopeless([Pending(PortTaken)], terminating: false);

        Assert.Contains("host port 18480/TCP is taken on every node labelled nce-env=pubtest that could run it", cause);
    }

    [Fact]
    public void Other_reasons_wait_for_the_progress_deadline()
    {
        Assert.Null(UnschedulablePod.Hopeless([Pending(NoCpu)], terminating: false));
        Assert.Null(UnschedulablePod.Hopeless([new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Status = new V1PodStatus { Phase = "Running" } }], terminating: false));
    }
}
