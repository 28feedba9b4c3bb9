using Slipway.Registry;

namespace Slipway.Deploy.Docker;

/// <summary>Everything that defines the container of one service in one environment on one host.</summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }
    /// <summary>repository@sha256:... : what runs is exactly what was pushed and tested (an image ID when delivered over SSH).</summary>
    public required string Image { get; init; }
    /// <summary>The registry digest; null when the registry never got the image (delivered over SSH after a failed push).</summary>
    public Digest? Digest { get; init; }
    /// <summary>The engine's image ID when the image was loaded over SSH; null when pulled from the registry.</summary>
    public ImageId? ImageId { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public string RestartPolicy { get; init; } = "unless-stopped";
    public int StopTimeoutSeconds { get; init; } = 30;
    public required Uri HealthUrl { get; init; }
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>True when the image is already on the host (delivered over SSH, <see cref="Image"/> is an image ID): no pull.</summary>
    public bool SkipPull { get; init; }

    /// <summary>What the image is known by, for messages: the registry digest, else the image ID.</summary>
    public string Identity => Digest?.Value ?? ImageId?.ToString() ?? "(unknown image)";

    /// <summary>True when a container with <paramref name="labels"/> runs this spec's image: the same digest, or for an SSH-loaded image without one, the same image ID.</summary>
    public bool RunsSameImage(IDictionary<string, string> labels) =>
        Digest is not null ? SlipwayLabels.Read(labels, SlipwayLabels.Digest) == Digest.Value
            : ImageId is not null && SlipwayLabels.Read(labels, SlipwayLabels.ImageId) == ImageId.ToString();

    /// <summary>
    /// What a running container must match to be left alone: the image, network, restart policy, stop timeout, environment
    /// and labels. Not the tag label (the same digest under another tag is the same container) and not the health check,
    /// which is how Slipway checks a container rather than part of it.
    /// </summary>
    public IReadOnlyList<string> RuntimeLines() => Describe()
        .Where(line => !line.StartsWith("  health:", StringComparison.Ordinal) && !line.StartsWith($"  label:   {SlipwayLabels.Tag}=", StringComparison.Ordinal))
        .Select(line => line.Replace(" (already on the host: not pulled)", "", StringComparison.Ordinal))
        .ToList();

    /// <summary>How <paramref name="running"/> differs from this spec, as <c>- now</c> / <c>+ desired</c> lines; empty when it runs this spec.</summary>
    public IReadOnlyList<string> DifferencesFrom(ContainerSpec running) => LineDiff.Compare(running.RuntimeLines().ToList(), RuntimeLines().ToList());

    /// <summary>A review-friendly rendering of the spec, for dry runs.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"container {Name}";
        yield return $"  image:   {Image}{(SkipPull ? " (already on the host: not pulled)" : "")}";
        yield return $"  network: host, restart: {RestartPolicy}, stop timeout: {StopTimeoutSeconds}s";
        foreach (var (k, v) in Environment.OrderBy(p => p.Key, StringComparer.Ordinal)) yield return $"  env:     {k}={v}";
        foreach (var (k, v) in Labels.OrderBy(p => p.Key, StringComparer.Ordinal)) yield return $"  label:   {k}={v}";
        yield return $"  health:  GET {HealthUrl} until 200, within {HealthTimeout.TotalSeconds:0}s";
    }
}
