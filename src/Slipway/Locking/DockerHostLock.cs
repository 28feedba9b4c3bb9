using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Locking;

/// <summary>
/// The deploy lock of one service and environment on one docker engine, held on the engine itself, so every run that
/// deploys there waits for it, whatever its state folder or machine: a container named
/// <c>slipway-lock.&lt;service&gt;.&lt;env&gt;</c>, created (never started) from the empty <see cref="LockImage"/>.
/// Container names are unique per engine, so the create is the compare-and-set: 409 Conflict means another run holds it.
/// Its labels (<see cref="LockContainerLabels"/>) say who holds it and until when. A lock past its expiry (its holder
/// crashed) is taken over: removed by its id, never by name, so a lock another waiter has just created is never removed,
/// then created anew; so is the lock of a holder on this machine whose process is gone. The lease is not renewed (a container's labels cannot change): <see cref="DockerHostLocks.LeaseFor"/>
/// sizes it for the slowest rollout. Expiry is judged by the waiter's clock.
/// </summary>
public sealed class DockerHostLock(DockerHostSpec host, string service, string environment, TimeSpan lease, string image = LockImage.Name)
    : ITargetLock
{
    public static string ContainerName(string service, string environment) => $"slipway-lock.{service}.{environment}";

    private string Name => ContainerName(service, environment);
    private string Where => $"docker host '{host.Name}' ({host.Endpoint})";

    public string Key => host.Endpoint;

    public string Describe() =>
        $"the lock container {Name} on {Where}, lease {lease.TotalMinutes:0} min, not renewed";

    public async Task<IAsyncDisposable> AcquireAsync(TargetLockRequest request, CancellationToken ct)
    {
        var docker = DockerClients.Connect(host.Endpoint, host.Tls);
        try
        {
            return await AcquireAsync(docker, request, ct);
        }
        catch (Exception e) when (e is not (SlipwayException or OperationCanceledException))
        {
            docker.Dispose();
            throw new SlipwayException($"Deploy of '{service}' to '{environment}' could not take its deploy lock on {Where}: {e.Message.TrimEnd('.')}. " +
                                       $"Fix: check that the engine answers (docker -H {host.Endpoint} info); nothing was deployed", e);
        }
        catch
        {
            docker.Dispose();
            throw;
        }
    }

    private async Task<IAsyncDisposable> AcquireAsync(IDockerClient docker, TargetLockRequest request, CancellationToken ct)
    {
        var log = request.Log;
        var deadline = DateTimeOffset.UtcNow + request.Timeout;
        var delay = request.PollInitial;
        var imported = false;
        string? toldAbout = null; // the holder the last "waiting" line named
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var now = DateTimeOffset.UtcNow;
            var record = new LeaseRecord(request.Identity.Holder, request.Identity.RunId, request.Identity.ProcessId, service, environment,
                request.What, now, now + lease, request.Identity.Machine);
            try
            {
                var created = await docker.Containers.CreateContainerAsync(
                    new CreateContainerParameters { Name = Name, Image = image, Labels = LockContainerLabels.Of(record) }, ct);
                if (toldAbout is null) log.Detail($"[{service}] took the deploy lock of {service} in {environment} on {Where}");
                else log.Info($"[{service}] got the deploy lock of {service} in {environment} on {Where}");
                return new Held(docker, created.ID, record, this, log);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound && !imported)
            {
                log.Info($"[{service}] importing the deploy lock image {image} (empty) into {Where}");
                await LockImage.ImportAsync(docker, image, log, ct);
                imported = true;
                continue;
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict) { }

            var holder = await InspectAsync(docker, ct);
            if (holder is null) continue; // released between our create and our look: try again at once
            if (holder.Record is { } held && (held.IsExpired(DateTimeOffset.UtcNow) || HolderIsGoneFromThisMachine(held)))
            {
                if (await RemoveAsync(docker, holder.Id, ct))
                    log.Warn(held.IsExpired(DateTimeOffset.UtcNow)
                        ? $"[{service}] took over the expired deploy lock of {service} in {environment} on {Where} from {held.Describe()}: " +
                          "that run crashed or outlived its lease"
                        : $"[{service}] took over the deploy lock of {service} in {environment} on {Where} from {held.Describe()}: " +
                          "that process no longer runs on this machine (killed, or the machine restarted)");
                continue;
            }

            if (holder.Id != toldAbout)
                log.Info($"[{service}] waiting for the deploy lock of {service} in {environment} on {Where}: held by {Describe(holder)}");
            toldAbout = holder.Id;
            now = DateTimeOffset.UtcNow;
            if (now >= deadline) throw TimedOut(holder, request.Timeout);
            var left = deadline - now;
            await Task.Delay(delay < left ? delay : left, ct);
            delay = TimeSpan.FromTicks(Math.Min(request.PollMax.Ticks, (long)(delay.Ticks * 1.6)));
        }
    }

    /// <summary>
    /// A holder on this machine whose process is gone (killed, or its machine restarted) cannot release its lock: waiting for
    /// the lease to expire would only stall the rerun that follows a crash.
    /// </summary>
    private static bool HolderIsGoneFromThisMachine(LeaseRecord held) =>
        held.Machine == Environment.MachineName && held.ProcessId != Environment.ProcessId && !Processes.ProcessLiveness.IsAlive(held.ProcessId);

    private sealed record LockHolder(string Id, LeaseRecord? Record);

    private async Task<LockHolder?> InspectAsync(IDockerClient docker, CancellationToken ct)
    {
        try
        {
            var container = await docker.Containers.InspectContainerAsync(Name, ct);
            return new LockHolder(container.ID, LockContainerLabels.Read(container.Config?.Labels));
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Removes the lock container <paramref name="id"/>; false when it was already gone.</summary>
    private static async Task<bool> RemoveAsync(IDockerClient docker, string id, CancellationToken ct)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, ct);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
    }

    private string Describe(LockHolder holder) =>
        (holder.Record?.Describe() ?? "a container without Slipway's lock labels") + $" (container {Name}, id {holder.Id[..12]})";

    private SlipwayException TimedOut(LockHolder holder, TimeSpan timeout) => new(
        $"Deploy of '{service}' to '{environment}' waited {timeout.TotalMinutes:0.##} min for the deploy lock on {Where}, " +
        $"held by {Describe(holder)}. Fix: wait for that run to finish (or end it), then run again; " +
        (holder.Record is null
            ? "that container has no lease, so it never expires: if no run holds it, remove it"
            : $"if that run is gone, its lock expires at {holder.Record.ExpiresAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC and the next deploy " +
              "takes it over; to break it now") +
        $": {BreakCommand(holder.Id)}");

    /// <summary>The command that removes a lock container by hand.</summary>
    private string BreakCommand(string id) =>
        $"docker -H {host.Endpoint}" +
        (host.Tls is { } tls ? $" --tlsverify --tlscacert {tls.CaFile} --tlscert {tls.CertFile} --tlskey {tls.KeyFile}" : "") +
        $" rm {id[..12]}";

    /// <summary>A lock this run holds: released by removing its container by id, so a lock another run took over is left alone.</summary>
    private sealed class Held(IDockerClient docker, string id, LeaseRecord record, DockerHostLock owner, IBuildLog log) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            var what = $"the deploy lock of {record.Service} in {record.Environment} on {owner.Where}";
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                if (await RemoveAsync(docker, id, limit.Token))
                    log.Detail($"[{record.Service}] released {what}");
                else
                    log.Warn($"[{record.Service}] did not release {what}: another run took it over after its lease expired at " +
                             $"{record.ExpiresAt.ToUniversalTime():HH:mm:ss} UTC (this deploy outlived it)");
            }
            catch (Exception e)
            {
                log.Warn($"[{record.Service}] could not release {what} ({e.Message}); it expires at " +
                         $"{record.ExpiresAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC and the next deploy takes it over then; " +
                         $"to remove it now: {owner.BreakCommand(id)}");
            }
            finally
            {
                docker.Dispose();
            }
        }
    }
}
