using Slipway.Catalog;
using Slipway.Deploy.Kubernetes;

namespace Slipway.Tests.Kubernetes;

/// <summary>The surge a host-networked Deployment can use, from the nodes that could run its pods.</summary>
public sealed class HostNetworkRolloutTests
{
    private static readonly RollingUpdateSpec Shipped = new() { MaxSurge = "25%", MaxUnavailable = "25%" };

    [Theory]
    [InlineData(1, 1, "0", "1")]     // the shipped catalog on one labelled node: replace the pod in place
    [InlineData(1, 2, "25%", "25%")] // a spare node takes the surge pod
    [InlineData(4, 4, "0", "1")]     // 25% of 4 would surge one pod, with no node for it
    [InlineData(8, 9, "1", "2")]     // 25% of 8 surges two, one node is spare; 25% of 8 may be unavailable
    public void The_surge_is_cut_to_the_spare_nodes(int replicas, int nodes, string surge, string unavailable)
    {
        var budget = HostNetworkRollout.Budget(Shipped, replicas, nodes);

        Assert.Equal((surge, unavailable), (budget.MaxSurge, budget.MaxUnavailable));
    }

    [Fact]
    public void Unknown_nodes_leave_the_catalogs_budget()
    {
        Assert.Same(Shipped, HostNetworkRollout.Budget(Shipped, 1, null));
    }
}
