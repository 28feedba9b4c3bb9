using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Locking;

/// <summary>
/// A deploy lock that holds across machines: the ref <c>refs/slipway/locks/&lt;env&gt;/&lt;service&gt;</c> on a shared
/// git remote, created only when absent (a compare-and-swap push), renewed by a heartbeat while held, and deleted on
/// release only while it is still ours. A waiter says who holds it and polls with backoff; a lease that was not
/// renewed in time (its holder crashed or hangs) is taken over, atomically, and the takeover is logged.
/// Expiry is judged by the waiter's clock, so machines sharing an environment need roughly synchronized clocks
/// (well within a lease duration).
/// </summary>
public sealed class SharedDeployLease : IAsyncDisposable
{
    private readonly GitLeaseRemote _remote;
    private readonly string _refName;
    private readonly IBuildLog _log;
    private readonly SharedLeaseOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private LeaseRecord _record;
    private bool _lost;
    private bool _released;

    private SharedDeployLease(GitLeaseRemote remote, string refName, string commitId, LeaseRecord record, IBuildLog log, SharedLeaseOptions options)
    {
        (_remote, _refName, CommitId, _record, _log, _options) = (remote, refName, commitId, record, log, options);
        _heartbeat = options.RenewalPeriod == Timeout.InfiniteTimeSpan ? Task.CompletedTask : Task.Run(HeartbeatAsync);
    }

    /// <summary>The lock commit this holder last pushed (the value it expects the ref to have).</summary>
    public string CommitId { get; private set; }

    /// <summary>The lease as last pushed.</summary>
    public LeaseRecord Record => _record;

    /// <summary>True when another run took the lock over while this one held it (its lease had expired).</summary>
    public bool Lost => _lost;

    /// <summary>
    /// Takes the lock of <paramref name="service"/> in <paramref name="environment"/> on <paramref name="remote"/>,
    /// waiting up to <paramref name="timeout"/> for its holder. Throws a <see cref="SlipwayException"/> naming the
    /// holder (and how to break a stale lock) on timeout, or naming the remote when it cannot be reached.
    /// </summary>
    public static async Task<SharedDeployLease> AcquireAsync(GitLeaseRemote remote, string service, string environment, string what,
        IBuildLog log, TimeSpan timeout, SharedLeaseOptions options, CancellationToken ct = default)
    {
        var refName = GitLeaseRemote.RefName(environment, service);
        var identity = options.Identity ?? LeaseIdentity.Current;
        var deadline = DateTimeOffset.UtcNow + timeout;
        var delay = options.PollInitial;
        string? toldAbout = null; // the holder the last "waiting" line named; renewals do not repeat it
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var current = await remote.ReadAsync(refName, ct);
            var now = DateTimeOffset.UtcNow;
            if (current is null || current.Record?.IsExpired(now) == true)
            {
                var record = new LeaseRecord(identity.Holder, identity.RunId, identity.ProcessId, service, environment, what, now, now + options.Duration,
                    identity.Machine);
                var commit = await remote.CommitAsync(record, ct);
                if (await remote.SwapAsync(refName, current?.CommitId, commit, ct) == GitLeaseRemote.PushOutcome.Done)
                {
                    if (current is not null)
                        log.Warn($"[{service}] took over the stale deploy lock of {service} in {environment} from " +
                                 $"{current.Record!.Describe()}: it was not renewed in time (that run crashed or hangs)");
                    else if (toldAbout is not null)
                        log.Info($"[{service}] got the deploy lock of {service} in {environment} ({refName} in {remote.Repository.Display})");
                    else
                        log.Detail($"[{service}] took the deploy lock of {service} in {environment} ({refName} in {remote.Repository.Display})");
                    return new SharedDeployLease(remote, refName, commit, record, log, options);
                }
                continue; // Another run changed the ref between our read and our push: look again.
            }

            var holder = HolderKey(current);
            if (holder != toldAbout)
                log.Info($"[{service}] waiting for the deploy lock of {service} in {environment}: held by {Describe(current)} ({refName} in {remote.Repository.Display})");
            toldAbout = holder;
            if (now >= deadline)
                throw new SlipwayException(
                    $"Deploy of '{service}' to '{environment}' waited {timeout.TotalMinutes:0.##} min for the shared deploy lock {refName} in " +
                    $"{remote.Repository.Display}, held by {Describe(current)}. Fix: wait for that run to finish (or end it), then run again; " +
                    (current.Record is null
                        ? "that ref is not a Slipway lease, so it never expires: if no run holds it, delete it"
                        : $"if that run is gone, its lease expires at {current.Record.ExpiresAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC and the next deploy takes it over; to break it now") +
                    $": {remote.BreakCommand(refName)}");
            var left = deadline - now;
            await Task.Delay(delay < left ? delay : left, ct);
            delay = TimeSpan.FromTicks(Math.Min(options.PollMax.Ticks, (long)(delay.Ticks * 1.6)));
        }
    }

    private static string HolderKey(GitLeaseRemote.LockState state) =>
        state.Record is { } r ? $"{r.Holder}\n{r.RunId}\n{r.ProcessId}\n{r.StartedAt:O}" : state.CommitId;

    private static string Describe(GitLeaseRemote.LockState state) =>
        state.Record?.Describe() ?? $"an unreadable lock commit {state.CommitId[..12]} (not written by Slipway)";

    // Renews the lease every RenewalPeriod; stops when released or when another run took the lock over. A renewal in
    // flight is never cancelled: a push killed after the remote applied it would leave us not knowing our own commit.
    private async Task HeartbeatAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try { await Task.Delay(_options.RenewalPeriod, _stop.Token); }
            catch (OperationCanceledException) { return; }
            await _gate.WaitAsync();
            try
            {
                if (_released) return;
                var renewed = _record with { ExpiresAt = DateTimeOffset.UtcNow + _options.Duration };
                var commit = await _remote.CommitAsync(renewed, CancellationToken.None);
                if (await _remote.SwapAsync(_refName, CommitId, commit, CancellationToken.None) == GitLeaseRemote.PushOutcome.Done)
                {
                    (CommitId, _record) = (commit, renewed);
                    continue;
                }
                _lost = true;
                _log.Error($"[{_record.Service}] lost the deploy lock of {_record.Service} in {_record.Environment}: another run took it over " +
                           $"after the lease expired (renewal came too late). Check {_refName} in {_remote.Repository.Display} and the deploy's result");
                return;
            }
            catch (OperationCanceledException) { return; }
            catch (SlipwayException e)
            {
                _log.Warn($"[{_record.Service}] could not renew the deploy lock of {_record.Service} in {_record.Environment} " +
                          $"(retrying; it expires at {_record.ExpiresAt.ToUniversalTime():HH:mm:ss} UTC): {e.Message}");
            }
            finally { _gate.Release(); }
        }
    }

    /// <summary>
    /// Stops the heartbeat and deletes the lock ref, but only if it is still this holder's commit: a lock another run
    /// took over is left alone. Never throws: a lock that cannot be deleted expires by itself.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _heartbeat; } catch (OperationCanceledException) { }
        await _gate.WaitAsync();
        try
        {
            if (_released) return;
            _released = true;
            var service = _record.Service;
            var where = $"{service} in {_record.Environment}";
            if (_lost)
            {
                _log.Warn($"[{service}] did not release the deploy lock of {where}: another run holds it now");
                return;
            }
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                if (await _remote.SwapAsync(_refName, CommitId, null, limit.Token) == GitLeaseRemote.PushOutcome.Done)
                    _log.Detail($"[{service}] released the deploy lock of {where}");
                else
                    _log.Warn($"[{service}] did not release the deploy lock of {where}: it is no longer ours " +
                              "(another run took it over after our lease expired), so it stays");
            }
            catch (Exception e) when (e is SlipwayException or OperationCanceledException)
            {
                _log.Warn($"[{service}] could not release the deploy lock of {where} ({e.Message}); it expires at " +
                          $"{_record.ExpiresAt.ToUniversalTime():HH:mm:ss} UTC and the next deploy takes it over then");
            }
        }
        finally
        {
            _gate.Release();
            _stop.Dispose();
        }
    }
}
