using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Registry;

namespace Slipway.Deploy;

/// <summary>
/// What to run where: one service's image for the context's environment. The chain's Deploy, a promotion and a rollback all
/// deploy through one of these; only the chain's carries <see cref="Build"/>.
/// </summary>
public sealed record DeployInput
{
    /// <summary>The service's effective settings in the target environment.</summary>
    public required ResolvedService Settings { get; init; }
    public string Service => Settings.Name;
    /// <summary>The manifest digest in the environment's registry; null in a dry run before Push, or when the push never reached the registry.</summary>
    public Digest? Digest { get; init; }
    /// <summary>The date-based tag recorded with the digest.</summary>
    public string? Tag { get; init; }
    /// <summary>The commit the image was built from, when known.</summary>
    public string? Commit { get; init; }
    /// <summary>This run's build, for delivery without the registry (SSH from the build engine); null for promotions and rollbacks.</summary>
    public LocalBuild? Build { get; init; }
    /// <summary>True when an earlier run of this deploy ended without an outcome (its journal was left): what it left unchecked is reverted when its check fails.</summary>
    public bool AfterInterruptedRun { get; init; }
    /// <summary>The targets (docker host or static-pod node names) this step acts on, for one wave of a rollout; null: all of them.</summary>
    public IReadOnlyList<string>? Targets { get; init; }
    /// <summary>True when this step acts on the target named <paramref name="target"/>.</summary>
    public bool Covers(string target) => Targets is null || Targets.Contains(target);
    /// <summary>How the image reached the targets: a registry pull unless the mode delivered it otherwise; recorded in the ledger.</summary>
    public ImageDelivery Delivery { get; set; } = ImageDelivery.Pulled;

    /// <summary>The image pinned by digest: the one place a <c>repo@digest</c> is written.</summary>
    /// <exception cref="SlipwayException">No digest: the registry never got the image.</exception>
    public ImageReference ImageByDigest => new(Settings.RegistryHost, Settings.RepositoryPath, digest: RequireDigest());

    /// <summary>The registry digest a pull needs, or a clear error when the registry never got the image.</summary>
    public Digest RequireDigest() => Digest ?? throw SlipwayException.Input($"the deploy of {Service} to '{Settings.Environment}'",
        "has no registry digest to run: Push did not run for this image or did not reach the registry",
        $"let Deploy run Push (./build.sh Deploy --env {Settings.Environment} --service {Service}, without --skip Push), " +
        "or deliver over SSH to docker hosts (--distribution ssh)");

    /// <summary>The digest for messages and dry runs: the digest, or what Push will give it.</summary>
    public string DigestText => Digest?.Value ?? "sha256:<digest pushed by Push>";

    /// <summary>The image for messages, dry runs and manifests: <see cref="ImageByDigest"/>, or a placeholder before Push.</summary>
    public string ImageText => Digest is null ? $"{Settings.ImageRepository}@{DigestText}" : ImageByDigest.ToString();
}

/// <summary>What the build engine may hold of this run's image.</summary>
/// <param name="Image">The image DockerBuild assembled (null when reused from the registry).</param>
/// <param name="ImageId">Its config digest: the engine's image ID once loaded or pulled.</param>
/// <param name="PushFailed">True when Push could not reach the registry: only the build engine can have the image.</param>
public sealed record LocalBuild(AppImage? Image, ImageId? ImageId, bool PushFailed);
