using Slipway.Registry;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Slipway.Deploy.Docker;

/// <summary>
/// Reads what runs now on a host as a <see cref="ContainerSpec"/>, with read-only engine calls (list, inspect),
/// so a dry run can diff it against the spec it would deploy.
/// </summary>
public static class RunningContainerReader
{
    /// <summary>
    /// The running container named like <paramref name="desired"/>, rendered on the desired spec's terms (its env keys
    /// and NCE_* variables, slipway labels); null when there is none.
    /// </summary>
    public static async Task<ContainerSpec?> ReadAsync(IDockerClient docker, ContainerSpec desired, CancellationToken ct = default)
    {
        var all = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, ct);
        var found = all.FirstOrDefault(c => c.Names.Any(n => n.TrimStart('/') == desired.Name));
        if (found is null) return null;
        var inspect = await docker.Containers.InspectContainerAsync(found.ID, ct);
        var env = (inspect.Config.Env ?? [])
            .Select(e => e.Split('=', 2))
            .Where(kv => kv.Length == 2 && (desired.Environment.ContainsKey(kv[0]) || kv[0].StartsWith("NCE_", StringComparison.Ordinal)))
            .ToDictionary(kv => kv[0], kv => kv[1]);
        // On the desired spec's names: a container labelled with the old io.slipway names reads as the same labels.
        var labels = desired.Labels.Keys
            .Select(key => (key, value: SlipwayLabels.Read(inspect.Config.Labels, key)))
            .Where(l => l.value is not null)
            .ToDictionary(l => l.key, l => l.value!);
        return desired with
        {
            Image = inspect.Config.Image,
            Digest = Digest.TryParse(SlipwayLabels.Read(labels, SlipwayLabels.Digest), out var digest) ? digest : null,
            ImageId = Digest.TryParse(SlipwayLabels.Read(labels, SlipwayLabels.ImageId), out var id) ? new ImageId(id!) : null,
            Environment = env,
            Labels = labels,
            RestartPolicy = RestartPolicyName(inspect.HostConfig.RestartPolicy?.Name),
            StopTimeoutSeconds = inspect.Config.StopTimeout is { } t ? (int)t.TotalSeconds : desired.StopTimeoutSeconds,
        };
    }

    private static string RestartPolicyName(RestartPolicyKind? kind) => kind switch
    {
        RestartPolicyKind.No => "no",
        RestartPolicyKind.Always => "always",
        RestartPolicyKind.OnFailure => "on-failure",
        RestartPolicyKind.UnlessStopped => "unless-stopped",
        _ => "no",
    };
}
