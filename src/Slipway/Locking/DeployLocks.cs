using Slipway.Chain;

namespace Slipway.Locking;

/// <summary>
/// The locks a deploy (also a promotion's or a rollback's) takes before it touches an environment: first the local
/// file lock of this state folder (cheap, serializes the runs of one machine), then, for an environment whose ledger is
/// a git repository (a shared environment), the <see cref="SharedDeployLease"/> on that repository, which serializes
/// the runs of every machine.
/// </summary>
public static class DeployLocks
{
    /// <summary>Takes both locks for <paramref name="service"/> in the context's environment; dispose to release them.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(ChainContext ctx, string service, string what, CancellationToken ct = default)
    {
        var local = await DeployLock.AcquireAsync(ctx.Paths.Locks, service, ctx.Environment, what, ctx.Log, ctx.DeployLockTimeout, ct);
        var remote = SharedRemote(ctx);
        if (remote is null) return local;
        try
        {
            var shared = await SharedDeployLease.AcquireAsync(remote, service, ctx.Environment, what, ctx.Log, ctx.DeployLockTimeout, ctx.DeployLease, ct);
            return new Both(local, shared);
        }
        catch
        {
            await local.DisposeAsync();
            throw;
        }
    }

    /// <summary>For a dry run: the locks a deploy of <paramref name="service"/> would take, without taking any.</summary>
    public static string Describe(ChainContext ctx, string service)
    {
        var local = Path.Combine(ctx.Paths.Locks, ctx.Environment, service + ".lock");
        var remote = SharedRemote(ctx);
        return remote is null
            ? $"would take the deploy lock {local}"
            : $"would take the deploy lock {local}, then the shared deploy lock {GitLeaseRemote.RefName(ctx.Environment, service)} " +
              $"in {remote.Repository.Display} (lease {ctx.DeployLease.Duration.TotalSeconds:0} s, renewed every " +
              $"{ctx.DeployLease.RenewalPeriod.TotalSeconds:0} s)";
    }

    /// <summary>Where the shared locks of the context's environment live: its ledger repository; null for a local environment.</summary>
    public static GitLeaseRemote? SharedRemote(ChainContext ctx) =>
        ctx.Target.Spec.Ledger is { } ledger
            ? new GitLeaseRemote(ctx.ResolveAgainstCatalog(ledger.Repository), Path.Combine(ctx.Paths.Root, "lock-cache"))
            : null;

    private sealed class Both(IAsyncDisposable local, IAsyncDisposable shared) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await shared.DisposeAsync(); }
            finally { await local.DisposeAsync(); }
        }
    }
}
