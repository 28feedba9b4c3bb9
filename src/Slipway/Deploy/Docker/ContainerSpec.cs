namespace Slipway.Deploy.Docker;

/// <summary>Everything that defines the container of one service in one environment on one host.</summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }
    /// <summary>repository@sha256:... : what runs is exactly what was pushed and tested.</summary>
    public required string Image { get; init; }
    public required string Digest { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public string RestartPolicy { get; init; } = "unless-stopped";
    public int StopTimeoutSeconds { get; init; } = 30;
    public required Uri HealthUrl { get; init; }
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>True when the image is already on the host (delivered over SSH, <see cref="Image"/> is an image ID): no pull.</summary>
    public bool SkipPull { get; init; }

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
