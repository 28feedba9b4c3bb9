using Slipway.Catalog;

namespace Slipway.Deploy.StaticPod;

/// <summary>Everything a static Pod manifest of one service on one node is rendered from.</summary>
public sealed record PodInputs
{
    public required string Service { get; init; }
    public required string Environment { get; init; }
    /// <summary>repository@sha256:...</summary>
    public required string Image { get; init; }
    public required string Digest { get; init; }
    public required string Tag { get; init; }
    public required string Commit { get; init; }
    public required int Port { get; init; }
    public required string HealthPath { get; init; }
    public required string Conf { get; init; }
    public string? Xms { get; init; }
    public string? Xmx { get; init; }
    public string JavaOpts { get; init; } = "";
    public int StopTimeoutSeconds { get; init; } = 30;
    /// <summary>Seconds the preStop hook sleeps so load balancers stop sending before Tomcat stops.</summary>
    public int DrainSeconds { get; init; } = 5;
    /// <summary>True when the node is reached on loopback: the service then binds 127.0.0.1 only.</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>The inputs for <paramref name="input"/> on a node reached at <paramref name="nodeAddress"/> (placeholders in a dry run before Push).</summary>
    public static PodInputs From(DeployInput input, string? nodeAddress) => new()
    {
        Service = input.Service,
        Environment = input.Settings.Environment,
        Image = input.ImageText,
        Digest = input.DigestText,
        Tag = input.Tag ?? "<tag>",
        Commit = input.Commit ?? "<commit>",
        Port = input.Settings.Port,
        HealthPath = input.Settings.HealthPath,
        Conf = input.Settings.Conf,
        Xms = input.Settings.Xms,
        Xmx = input.Settings.Xmx,
        JavaOpts = input.Settings.JavaOpts,
        StopTimeoutSeconds = input.Settings.StopTimeoutSeconds,
        LoopbackOnly = LoopbackHost.Is(nodeAddress),
    };
}
