using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Images;

namespace Slipway.Deploy.Docker;

/// <summary>What happened on one host.</summary>
public enum HostDeployOutcome { Unchanged, Replaced, Started }

/// <summary>
/// The source practice's stage-1 upgrade, made safe and convergent: when the container differs from the desired spec in
/// anything (image, environment, labels, restart policy, stop timeout), pull by digest, stop the old container gracefully,
/// keep it as <c>&lt;name&gt;-previous</c>, start the new one, wait for its health URL; if it never gets healthy, remove it
/// and bring the kept one back. The kept container is removed only after the new one passed its check, so its presence
/// on a host means a rollout there never finished (the build host crashed): the next run checks the container it finds
/// before counting it, and restores the kept one when that check fails. A container that already runs the spec is
/// checked too, so no run reports success for a container nobody checked.
/// </summary>
/// <param name="pullAuth">Registry credentials for the pull (never logged); anonymous when null.</param>
public sealed class DockerHostDeployer(IDockerClient docker, string hostName, IBuildLog log, AuthConfig? pullAuth = null)
{
    /// <summary>The name the replaced container is kept under until its successor is healthy.</summary>
    public static string KeptName(string container) => container + "-previous";

    public async Task<HostDeployOutcome> DeployAsync(ContainerSpec spec, CancellationToken ct = default)
    {
        var keptName = KeptName(spec.Name);
        var all = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, ct);
        var current = Named(all, spec.Name);
        var kept = Named(all, keptName);
        if (kept is not null)
            log.Warn($"[{hostName}] {keptName} is still there: an earlier rollout on this host did not finish; " +
                     $"{spec.Name} counts only once it passes its health check");

        if (current is not null && current.State == "running")
        {
            var running = await RunningContainerReader.ReadAsync(docker, spec, ct);
            var differences = running is null ? ["(gone while read)"] : spec.DifferencesFrom(running);
            if (differences.Count == 0) return await CheckUnchangedAsync(spec, current.ID, kept is not null, ct);
            log.Info($"[{hostName}] {spec.Name} differs from the desired spec (- runs now, + desired):");
            foreach (var line in differences.Where(l => !l.StartsWith("  ", StringComparison.Ordinal))) log.Info("    " + line);
        }

        if (!spec.SkipPull) await PullAsync(spec.Image, ct);
        CrashPoints.Reach("docker.pulled");
        if (current is not null)
        {
            if (kept is not null)
            {
                // The kept container is the last one known healthy; the current one was never checked.
                log.Info($"[{hostName}] removing {spec.Name} ({current.Image}), which never passed its health check; {keptName} stays the one to restore");
                await docker.Containers.RemoveContainerAsync(current.ID, new ContainerRemoveParameters { Force = true }, ct);
            }
            else
            {
                log.Info($"[{hostName}] stopping {spec.Name} ({current.Image}) gracefully");
                await docker.Containers.StopContainerAsync(current.ID,
                    new ContainerStopParameters { WaitBeforeKillSeconds = (uint)spec.StopTimeoutSeconds }, ct);
                CrashPoints.Reach("docker.stopped");
                await docker.Containers.RenameContainerAsync(current.ID, new ContainerRenameParameters { NewName = keptName }, ct);
                CrashPoints.Reach("docker.kept");
                kept = current;
            }
        }

        string? newId = null;
        try
        {
            newId = await CreateAsync(spec, ct);
            CrashPoints.Reach("docker.created");
            await docker.Containers.StartContainerAsync(newId, new ContainerStartParameters(), ct);
            log.Info($"[{hostName}] started {spec.Name}, waiting for {spec.HealthUrl}");
            CrashPoints.Reach("docker.started");
            await RequireHealthyAsync(spec, newId, ct);
        }
        catch (Exception)
        {
            await RestoreKeptAsync(spec, newId, kept is not null, CancellationToken.None);
            throw;
        }

        CrashPoints.Reach("docker.healthy");
        if (kept is not null) await RemoveIfExistsAsync(keptName, ct);
        log.Info($"[{hostName}] {spec.Name} is healthy on {Short(spec.Identity)}");
        return current is null && kept is null ? HostDeployOutcome.Started : HostDeployOutcome.Replaced;
    }

    /// <summary>
    /// The container already runs the spec: it counts once its health check passes (it may be a crashed run's, never checked).
    /// When it fails, the kept container comes back if there is one; without one the container stays as it is (removing it
    /// would leave nothing running) and the deploy fails.
    /// </summary>
    private async Task<HostDeployOutcome> CheckUnchangedAsync(ContainerSpec spec, string id, bool hasKept, CancellationToken ct)
    {
        try
        {
            await RequireHealthyAsync(spec, id, ct);
        }
        catch (Exception) when (hasKept)
        {
            await RestoreKeptAsync(spec, id, hasKept, CancellationToken.None);
            throw;
        }
        if (!hasKept)
        {
            log.Info($"[{hostName}] {spec.Name} already runs {Short(spec.Identity)} with this spec and is healthy: nothing to do");
            return HostDeployOutcome.Unchanged;
        }
        await RemoveIfExistsAsync(KeptName(spec.Name), ct);
        log.Info($"[{hostName}] {spec.Name} on {Short(spec.Identity)} passed its health check; the earlier rollout is finished");
        return HostDeployOutcome.Replaced;
    }

    private async Task RequireHealthyAsync(ContainerSpec spec, string id, CancellationToken ct)
    {
        bool healthy;
        string observation;
        using (log.Progress.StartWait($"[{hostName}] waiting for {spec.HealthUrl}"))
            (healthy, observation) = await HealthProbe.WaitAsync(spec.HealthUrl, spec.HealthTimeout,
                async () => (await docker.Containers.InspectContainerAsync(id, ct)).State.Running, ct);
        if (!healthy) throw new SlipwayException(
            $"Deploy of {spec.Name} on host '{hostName}' failed: GET {spec.HealthUrl}: {observation}.{await LogTailAsync(id, ct)}");
    }

    /// <summary>Removes the container that failed its check and, when there is one, brings the kept container back under the service's name.</summary>
    private async Task RestoreKeptAsync(ContainerSpec spec, string? failedId, bool hasKept, CancellationToken ct)
    {
        if (failedId is not null)
            await docker.Containers.RemoveContainerAsync(failedId, new ContainerRemoveParameters { Force = true }, ct);
        if (!hasKept) return;
        log.Warn($"[{hostName}] restoring the previous {spec.Name}");
        await docker.Containers.RenameContainerAsync(KeptName(spec.Name), new ContainerRenameParameters { NewName = spec.Name }, ct);
        await docker.Containers.StartContainerAsync(spec.Name, new ContainerStartParameters(), ct);
    }

    private async Task<string> CreateAsync(ContainerSpec spec, CancellationToken ct)
    {
        var response = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Env = spec.Environment.Select(p => $"{p.Key}={p.Value}").ToList(),
            Labels = spec.Labels.ToDictionary(),
            StopTimeout = TimeSpan.FromSeconds(spec.StopTimeoutSeconds),
            HostConfig = new HostConfig
            {
                NetworkMode = "host",
                RestartPolicy = new RestartPolicy { Name = ParseRestartPolicy(spec.RestartPolicy) },
            },
        }, ct);
        return response.ID;
    }

    private async Task PullAsync(string image, CancellationToken ct)
    {
        var at = image.IndexOf('@');
        log.Info($"[{hostName}] pulling {image}");
        var progress = new DockerProgress(log);
        await docker.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = image[..at], Tag = image[(at + 1)..] },
            pullAuth ?? new AuthConfig(), progress, ct);
        progress.ThrowIfFailed($"pull of {image} on host '{hostName}'");
    }

    private static ContainerListResponse? Named(IEnumerable<ContainerListResponse> containers, string name) =>
        containers.FirstOrDefault(c => c.Names.Any(n => n.TrimStart('/') == name));

    private async Task<ContainerListResponse?> FindAsync(string name, CancellationToken ct) =>
        Named(await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, ct), name);

    private async Task RemoveIfExistsAsync(string name, CancellationToken ct)
    {
        var existing = await FindAsync(name, ct);
        if (existing is not null)
            await docker.Containers.RemoveContainerAsync(existing.ID, new ContainerRemoveParameters { Force = true }, ct);
    }

    private async Task<string> LogTailAsync(string id, CancellationToken ct)
    {
        try
        {
            using var stream = await docker.Containers.GetContainerLogsAsync(id, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "15" }, ct);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
            var text = (stdout + stderr).Trim();
            return text.Length == 0 ? "" : "\n  container log (last lines):\n    " + text.Replace("\n", "\n    ");
        }
        catch (DockerApiException) { return ""; }
    }

    private static RestartPolicyKind ParseRestartPolicy(string policy) => policy switch
    {
        "no" => RestartPolicyKind.No,
        "always" => RestartPolicyKind.Always,
        "on-failure" => RestartPolicyKind.OnFailure,
        _ => RestartPolicyKind.UnlessStopped,
    };

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
