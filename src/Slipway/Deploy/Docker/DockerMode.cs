using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Locking;

namespace Slipway.Deploy.Docker;

/// <summary>Mode docker: one container per service on each of the environment's Docker hosts, rolled host by host (or in batches).</summary>
public sealed class DockerMode : IDeployMode
{
    public string Name => "docker";
    public string SettingsKey => "docker";
    public object? SettingsOf(EnvironmentSpec environment) => environment.Docker;
    public IEnumerable<CatalogProblem> Validate(string name, EnvironmentSpec environment) => DockerModeRules.Check(name, environment.Docker);

    // Containers use the host network; every engine endpoint is a host.
    public IEnumerable<(string Host, int PortOffset)> SharedHostNetworks(EnvironmentSpec environment) =>
        environment.Docker?.Hosts.Select(h => ("docker:" + h.Endpoint, h.PortOffset)).Distinct() ?? [];

    public IReadOnlyList<string> WaveTargets(EnvironmentSpec environment) => environment.Docker?.Hosts.Select(h => h.Name).ToList() ?? [];

    public Task PreflightAsync(ChainContext ctx, CancellationToken ct) => DockerPreflight.RunAsync(ctx, Settings(ctx), ct);
    public IReadOnlyList<ITargetLock> TargetLocks(ChainContext ctx, DeployInput input) =>
        DockerHostLocks.For(input.Service, ctx.Environment, Settings(ctx).Hosts, input.Settings);
    public Task DescribeAsync(ChainContext ctx, DeployInput input, CancellationToken ct) => DockerModeDeploy.DescribeAsync(ctx, input, Settings(ctx), ct);
    public Task DeployAsync(ChainContext ctx, DeployInput input, CancellationToken ct) => DockerModeDeploy.RunAsync(ctx, input, Settings(ctx), ct);
    public Task<IReadOnlyList<VerificationInstance>> VerificationInstancesAsync(ChainContext ctx, DeployInput input, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<VerificationInstance>>(Settings(ctx).Hosts.Where(h => input.Covers(h.Name))
            .Select(h => new VerificationInstance($"host '{h.Name}'", $"http://{h.Address}:{input.Settings.Port + h.PortOffset}")).ToList());
    public ILiveReader OpenLiveReader(LiveReadSession session) => new DockerLiveReader(session);
    public void DescribeStrayRemoval(ChainContext ctx, Stray stray) => DockerStrays.Describe(ctx, stray);
    public Task RemoveStrayAsync(ChainContext ctx, Stray stray, CancellationToken ct) => DockerStrays.RemoveAsync(ctx, stray, ct);

    private static DockerModeSpec Settings(ChainContext ctx) => ctx.Target.Spec.Docker!;
}
