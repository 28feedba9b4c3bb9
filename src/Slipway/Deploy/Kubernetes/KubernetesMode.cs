using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Mode kubernetes: one Deployment per service, server-side applied, its rollout awaited and undone when it never gets ready.</summary>
public sealed class KubernetesMode : IDeployMode
{
    public string Name => "kubernetes";
    public string SettingsKey => "kubernetes";
    public object? SettingsOf(EnvironmentSpec environment) => environment.Kubernetes;
    public IEnumerable<CatalogProblem> Validate(string name, EnvironmentSpec environment) => KubernetesModeRules.Check(name, environment.Kubernetes);

    // The scheduler places pods; ports are the cluster's to arbitrate.
    public IEnumerable<(string Host, int PortOffset)> SharedHostNetworks(EnvironmentSpec environment) => [];

    public Task PreflightAsync(ChainContext ctx, CancellationToken ct) => KubernetesPreflight.RunAsync(ctx, Settings(ctx), ct);

    public Task DescribeAsync(ChainContext ctx, DeployInput input, CancellationToken ct)
    {
        KubernetesModeDeploy.Describe(ctx, input, Settings(ctx));
        return Task.CompletedTask;
    }

    public Task DeployAsync(ChainContext ctx, DeployInput input, CancellationToken ct) => KubernetesModeDeploy.RunAsync(ctx, input, Settings(ctx), ct);
    public Task RollBackAsync(ChainContext ctx, DeployInput earlier, CancellationToken ct) => KubernetesModeDeploy.RollBackAsync(ctx, earlier, Settings(ctx), ct);
    public Task<IReadOnlyList<VerificationInstance>> VerificationInstancesAsync(ChainContext ctx, DeployInput input, CancellationToken ct) =>
        KubernetesVerificationInstances.ListAsync(ctx, input, Settings(ctx), ct);
    public ILiveReader OpenLiveReader(LiveReadSession session) => new KubernetesLiveReader(session);
    public void DescribeStrayRemoval(ChainContext ctx, Stray stray) => KubernetesStrays.Describe(ctx, stray);
    public Task RemoveStrayAsync(ChainContext ctx, Stray stray, CancellationToken ct) => KubernetesStrays.RemoveAsync(ctx, stray, ct);

    private static KubernetesModeSpec Settings(ChainContext ctx) => ctx.Target.Spec.Kubernetes!;
}
