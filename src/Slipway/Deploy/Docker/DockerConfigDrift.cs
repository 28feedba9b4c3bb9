using Docker.DotNet;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Registry;

namespace Slipway.Deploy.Docker;

/// <summary>
/// How a running container differs from the spec the catalog gives it now, rendered with the digest, tag and commit it runs,
/// so only configuration can differ: the lines a deploy compares too (<see cref="ContainerSpec.DifferencesFrom"/>).
/// </summary>
internal static class DockerConfigDrift
{
    /// <summary>
    /// The differences between the service's container on <paramref name="host"/> (listed with <paramref name="labels"/>) and the
    /// spec the catalog gives it for <paramref name="digest"/>; empty when it is gone by the time it is inspected.
    /// </summary>
    public static async Task<IReadOnlyList<ConfigDifference>> ReadAsync(IDockerClient docker, ChainContext ctx, ResolvedService settings,
        DockerHostSpec host, DockerModeSpec mode, Digest digest, IDictionary<string, string> labels, CancellationToken ct)
    {
        var desired = Desired(ctx, settings, host, mode, digest, labels);
        var running = await RunningContainerReader.ReadAsync(docker, desired, ct);
        return running is null ? [] : Pair(desired.DifferencesFrom(running));
    }

    private static ContainerSpec Desired(ChainContext ctx, ResolvedService settings, DockerHostSpec host, DockerModeSpec mode, Digest digest,
        IDictionary<string, string> labels)
    {
        var input = new DeployInput
        {
            Settings = settings, Digest = digest,
            Tag = SlipwayLabels.Read(labels, SlipwayLabels.Tag),
            // Never null: the factory writes a placeholder for a missing commit in a dry run.
            Commit = SlipwayLabels.Read(labels, SlipwayLabels.Commit) ?? "",
        };
        var spec = ContainerSpecFactory.Create(ctx, input, host, mode);
        // Delivered over SSH: it runs the image loaded by ID, as ImageDistribution made it.
        if (SlipwayLabels.Read(labels, SlipwayLabels.ImageId) is not { } imageId) return spec;
        var withId = spec.Labels.ToDictionary();
        withId[SlipwayLabels.ImageId] = imageId;
        return spec with { Image = imageId, Labels = withId };
    }

    /// <summary>The <c>- now</c> / <c>+ desired</c> lines of a diff as key = value differences (<c>NCE_PORT=18080 -> 18081</c>).</summary>
    private static IReadOnlyList<ConfigDifference> Pair(IReadOnlyList<string> diff) =>
        ConfigDifference.Between(Fields(diff, "- "), Fields(diff, "+ "));

    private static Dictionary<string, string> Fields(IEnumerable<string> diff, string side)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in diff.Where(l => l.StartsWith(side, StringComparison.Ordinal)).Select(l => l[side.Length..].Trim()))
        foreach (var (key, value) in Parse(line))
            fields[key] = value;
        return fields;
    }

    // The lines of ContainerSpec.Describe: "container NAME", "image:   X", "network: host, restart: R, stop timeout: Ns",
    // "env:     K=V", "label:   K=V".
    private static IEnumerable<(string Key, string Value)> Parse(string line)
    {
        if (line.StartsWith("env:", StringComparison.Ordinal) || line.StartsWith("label:", StringComparison.Ordinal))
        {
            var pair = line[(line.IndexOf(':') + 1)..].Trim();
            var at = pair.IndexOf('=');
            yield return at < 0 ? (pair, "") : (pair[..at], pair[(at + 1)..]);
            yield break;
        }
        if (line.StartsWith("container ", StringComparison.Ordinal)) { yield return ("container", line["container ".Length..]); yield break; }
        foreach (var part in line.Split(", "))
        {
            var at = part.IndexOf(':');
            yield return at < 0 ? (part, "") : (part[..at], part[(at + 1)..].Trim());
        }
    }
}
