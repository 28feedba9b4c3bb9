using Slipway.Chain;

namespace Slipway.Locking;

/// <summary>
/// The locks a deploy (also a promotion's or a rollback's) takes before it touches an environment, in this order:
/// the local file lock of this state folder (cheap, serializes the runs of one machine); for an environment whose
/// ledger is a git repository (a shared environment), the <see cref="SharedDeployLease"/> on that repository, which
/// serializes the runs of every machine; then the deploy mode's locks on the targets themselves (<see cref="ITargetLock"/>,
/// e.g. a lock container on every docker host), sorted by <see cref="ITargetLock.Key"/>. They are released in reverse.
/// </summary>
public static class DeployLocks
{
    /// <summary>Takes every lock for <paramref name="service"/> in the context's environment; dispose to release them.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(ChainContext ctx, string service, string what, IReadOnlyList<ITargetLock> targetLocks,
        CancellationToken ct = default)
    {
        var held = new Held();
        try
        {
            held.Add(await DeployLock.AcquireAsync(ctx.Paths.Locks, service, ctx.Environment, what, ctx.Log, ctx.DeployLockTimeout, ct));
            if (SharedRemote(ctx) is { } remote)
                held.Add(await SharedDeployLease.AcquireAsync(remote, service, ctx.Environment, what, ctx.Log, ctx.DeployLockTimeout, ctx.DeployLease, ct));
            var request = new TargetLockRequest(what, ctx.DeployLease.Identity ?? LeaseIdentity.Current, ctx.Log, ctx.DeployLockTimeout,
                ctx.DeployLease.PollInitial, ctx.DeployLease.PollMax);
            foreach (var target in InOrder(targetLocks))
                held.Add(await target.AcquireAsync(request, ct));
            return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary>For a dry run: the locks a deploy of <paramref name="service"/> would take, in order, without taking any.</summary>
    public static string Describe(ChainContext ctx, string service, IReadOnlyList<ITargetLock> targetLocks)
    {
        var locks = new List<string> { $"the deploy lock {DeployLock.PathOf(ctx.Paths.Locks, service, ctx.Environment)}" };
        if (SharedRemote(ctx) is { } remote)
            locks.Add($"the shared deploy lock {GitLeaseRemote.RefName(ctx.Environment, service)} in {remote.Repository.Display} " +
                      $"(lease {ctx.DeployLease.Duration.TotalSeconds:0} s, renewed every {ctx.DeployLease.RenewalPeriod.TotalSeconds:0} s)");
        locks.AddRange(InOrder(targetLocks).Select(l => l.Describe()));
        return "would take " + string.Join(", then ", locks);
    }

    /// <summary>Where the shared locks of the context's environment live: its ledger repository; null for a local environment.</summary>
    public static GitLeaseRemote? SharedRemote(ChainContext ctx) =>
        ctx.Target.Spec.Ledger is { } ledger
            ? new GitLeaseRemote(ctx.ResolveAgainstCatalog(ledger.Repository), Path.Combine(ctx.Paths.Root, "lock-cache"))
            : null;

    private static IEnumerable<ITargetLock> InOrder(IEnumerable<ITargetLock> locks) => locks.OrderBy(l => l.Key, StringComparer.Ordinal);

    /// <summary>The locks taken so far; released last taken first (no release throws).</summary>
    private sealed class Held : IAsyncDisposable
    {
        private readonly Stack<IAsyncDisposable> _locks = new();

        public void Add(IAsyncDisposable taken) => _locks.Push(taken);

        public async ValueTask DisposeAsync()
        {
            while (_locks.TryPop(out var taken)) await taken.DisposeAsync();
        }
    }
}
