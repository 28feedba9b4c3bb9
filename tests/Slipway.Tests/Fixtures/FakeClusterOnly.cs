namespace Slipway.Tests.Fixtures;

/// <summary>
/// A test that needs control only the fake Kubernetes API server gives (its clock, node readiness, the pods its kubelet
/// starts, the requests it saw): skipped, saying so, when SLIPWAY_TEST_KUBECONFIG points the tests at a real cluster.
/// </summary>
public sealed class FakeClusterFactAttribute : FactAttribute
{
    public FakeClusterFactAttribute()
    {
        if (KubernetesTestCluster.RealKubeconfig is not null) Skip = KubernetesTestCluster.FakeOnlyReason;
    }
}

/// <summary>The <see cref="TheoryAttribute"/> form of <see cref="FakeClusterFactAttribute"/>.</summary>
public sealed class FakeClusterTheoryAttribute : TheoryAttribute
{
    public FakeClusterTheoryAttribute()
    {
        if (KubernetesTestCluster.RealKubeconfig is not null) Skip = KubernetesTestCluster.FakeOnlyReason;
    }
}
