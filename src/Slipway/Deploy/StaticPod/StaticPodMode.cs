using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.StaticPod;

/// <summary>Mode static-pod: a kubelet Pod manifest per node, committed to the environment's manifests repository node by node.</summary>
public sealed class StaticPodMode : IDeployMode
{
    public string Name => "static-pod";
    public string SettingsKey => "staticPod";
    public object? SettingsOf(EnvironmentSpec environment) => environment.StaticPod;
    public IEnumerable<CatalogProblem> Validate(string name, EnvironmentSpec environment) => StaticPodModeRules.Check(name, environment.StaticPod);

    // Static pods use the node's host network.
    public IEnumerable<(string Host, int PortOffset)> SharedHostNetworks(EnvironmentSpec environment) =>
        environment.StaticPod?.Nodes.Select(n => ("node:" + n.Name, 0)).Distinct() ?? [];

    public IReadOnlyList<string> WaveTargets(EnvironmentSpec environment) => environment.StaticPod?.Nodes.Select(n => n.Name).ToList() ?? [];

    // Nothing to ask before the build: git reports an unreachable repository when the deploy fetches.
    public Task PreflightAsync(ChainContext ctx, CancellationToken ct) => Task.CompletedTask;

    public Task DescribeAsync(ChainContext ctx, DeployInput input, CancellationToken ct)
    {
        StaticPodModeDeploy.Describe(ctx, input, Settings(ctx));
        return Task.CompletedTask;
    }

    public Task DeployAsync(ChainContext ctx, DeployInput input, CancellationToken ct) => StaticPodModeDeploy.RunAsync(ctx, input, Settings(ctx), ct);
    // Only nodes the catalog gives an address can be reached, as for the health check.
    public Task<IReadOnlyList<VerificationInstance>> VerificationInstancesAsync(ChainContext ctx, DeployInput input, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<VerificationInstance>>(Settings(ctx).Nodes.Where(n => n.Address is not null && input.Covers(n.Name))
            .Select(n => new VerificationInstance($"node '{n.Name}'", $"http://{n.Address}:{input.Settings.Port}")).ToList());
    public ILiveReader OpenLiveReader(LiveReadSession session) => new StaticPodLiveReader(session);
    public void DescribeStrayRemoval(ChainContext ctx, Stray stray) => StaticPodStrays.Describe(ctx, stray);
    public Task RemoveStrayAsync(ChainContext ctx, Stray stray, CancellationToken ct) => StaticPodStrays.RemoveAsync(ctx, stray, ct);

    private static StaticPodModeSpec Settings(ChainContext ctx) => ctx.Target.Spec.StaticPod!;
}
