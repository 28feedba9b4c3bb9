using Slipway.Catalog;
using Slipway.Registry;
using Slipway.Source;
using Slipway.Versioning;

namespace Slipway.Chain;

/// <summary>What the chain has learned and produced so far for one service; each step fills its part.</summary>
public sealed class ServiceRun(string service, ResolvedService settings)
{
    public string Service { get; } = service;
    public ResolvedService Settings { get; } = settings;

    public CheckoutResult? Checkout { get; set; }
    public GitVersionInfo? Version { get; set; }
    /// <summary>Identifies the image for this commit and this image recipe (an immutable registry tag).</summary>
    public string? BuildKey { get; set; }
    /// <summary>Set when the registry already holds an image for <see cref="BuildKey"/>: the chain builds nothing.</summary>
    public string? ReuseReason { get; set; }
    public string? WarFile { get; set; }
    public string? ExplodedDirectory { get; set; }
    /// <summary>The engine's name for the image DockerBuild assembled: its config digest.</summary>
    public ImageId? ImageId { get; set; }
    /// <summary>The image DockerBuild assembled: layers, config and manifest, pushed by Push.</summary>
    public Images.AppImage? Image { get; set; }
    /// <summary>The date-based tag: &lt;branch&gt;-&lt;yyyyMMdd&gt;-&lt;HHmmss&gt;[-&lt;commit7&gt;] (see <see cref="Versioning.ImageTagFactory"/>).</summary>
    public string? Tag { get; set; }
    /// <summary>The manifest digest in the environment's registry.</summary>
    public Digest? Digest { get; set; }
    /// <summary>True when Push could not reach the registry and SSH delivery stands in: only the build engine can have the image.</summary>
    public bool PushFailed { get; set; }
    /// <summary>How long the catalog's verification after Deploy took; null when nothing was verified.</summary>
    public TimeSpan? VerificationTime { get; set; }

    public bool Reused => ReuseReason is not null;
}
