using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Images;

namespace Slipway.Deploy.Docker;

/// <summary>What happened on one host.</summary>
public enum HostDeployOutcome { Unchanged, Replaced, Started }

/// <summary>
/// The source practice's stage-1 upgrade, made safe: pull by digest, stop the old container
/// gracefully, start the new one, wait for its health URL; if it never gets healthy, remove it and
/// bring the old one back. Already running that digest: nothing happens.
/// </summary>
/// <param name="pullAuth">Registry credentials for the pull (never logged); anonymous when null.</param>
public sealed class DockerHostDeployer(IDockerClient docker, string hostName, IBuildLog log, AuthConfig? pullAuth = null)
{
    public async Task<HostDeployOutcome> DeployAsync(ContainerSpec spec, CancellationToken ct = default)
    {
        var current = await FindAsync(spec.Name, ct);
        if (current is not null && current.State == "running" &&
            SlipwayLabels.Read(current.Labels, SlipwayLabels.Digest) == spec.Digest)
        {
            log.Info($"[{hostName}] {spec.Name} already runs {Short(spec.Digest)}: nothing to do");
            return HostDeployOutcome.Unchanged;
        }

        if (!spec.SkipPull) await PullAsync(spec.Image, ct);
        string? previousName = null;
        if (current is not null)
        {
            previousName = $"{spec.Name}-previous";
            await RemoveIfExistsAsync(previousName, ct);
            log.Info($"[{hostName}] stopping {spec.Name} ({current.Image}) gracefully");
            await docker.Containers.StopContainerAsync(current.ID,
                new ContainerStopParameters { WaitBeforeKillSeconds = (uint)spec.StopTimeoutSeconds }, ct);
            await docker.Containers.RenameContainerAsync(current.ID,
                new ContainerRenameParameters { NewName = previousName }, ct);
        }

        string? newId = null;
        try
        {
            newId = await CreateAsync(spec, ct);
            await docker.Containers.StartContainerAsync(newId, new ContainerStartParameters(), ct);
            log.Info($"[{hostName}] started {spec.Name}, waiting for {spec.HealthUrl}");
            var id = newId;
            bool healthy;
            string observation;
            using (log.Progress.StartWait($"[{hostName}] waiting for {spec.HealthUrl}"))
                (healthy, observation) = await HealthProbe.WaitAsync(spec.HealthUrl, spec.HealthTimeout,
                    async () => (await docker.Containers.InspectContainerAsync(id, ct)).State.Running, ct);
            if (!healthy) throw new SlipwayException(
                $"Deploy of {spec.Name} on host '{hostName}' failed: GET {spec.HealthUrl}: {observation}.{await LogTailAsync(id, ct)}");
        }
        catch (Exception)
        {
            await RestorePreviousAsync(spec, newId, previousName, CancellationToken.None);
            throw;
        }

        if (previousName is not null) await RemoveIfExistsAsync(previousName, ct);
        log.Info($"[{hostName}] {spec.Name} is healthy on {Short(spec.Digest)}");
        return current is null ? HostDeployOutcome.Started : HostDeployOutcome.Replaced;
    }

    private async Task RestorePreviousAsync(ContainerSpec spec, string? newId, string? previousName, CancellationToken ct)
    {
        if (newId is not null)
            await docker.Containers.RemoveContainerAsync(newId, new ContainerRemoveParameters { Force = true }, ct);
        if (previousName is null) return;
        log.Warn($"[{hostName}] restoring the previous {spec.Name}");
        await docker.Containers.RenameContainerAsync(previousName, new ContainerRenameParameters { NewName = spec.Name }, ct);
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

    private async Task<ContainerListResponse?> FindAsync(string name, CancellationToken ct)
    {
        var all = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, ct);
        return all.FirstOrDefault(c => c.Names.Any(n => n.TrimStart('/') == name));
    }

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
