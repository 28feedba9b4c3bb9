using Slipway.Registry;

namespace Slipway.Deploy;

/// <summary>What one deploy target said about a service.</summary>
public enum TargetState
{
    /// <summary>The target has the service (a container, a committed Pod manifest, a Deployment).</summary>
    Runs,
    /// <summary>The target answered and does not have the service.</summary>
    Missing,
    /// <summary>The target did not answer within the timeout, or answered with an error.</summary>
    Unreachable,
}

/// <summary>
/// One target's reading: a docker host, a static-pod node, a Kubernetes Deployment.
/// </summary>
/// <param name="Target">What was read, e.g. <c>host 'localhost'</c>, <c>node 'n1'</c>, <c>Deployment ns/name (context c)</c>.</param>
/// <param name="State">Runs, missing or unreachable.</param>
/// <param name="Digest">The image digest it runs (null when missing, unreachable or not pinned by digest).</param>
/// <param name="Tag">The tag Slipway recorded with that digest, when it still matches.</param>
/// <param name="Detail">Why it is unreachable, what it runs when not by digest, or the rollout's state.</param>
/// <param name="RolloutComplete">Kubernetes only: whether the Deployment's rollout finished (as kubectl rollout status decides).</param>
/// <param name="Commit">The source commit Slipway recorded with the digest, when the target carries it.</param>
/// <param name="ImageId">Docker mode: the engine's image ID of an image loaded over SSH, which runs without a registry digest.</param>
public sealed record TargetReading(string Target, TargetState State, Digest? Digest = null, string? Tag = null, string? Detail = null,
    bool? RolloutComplete = null, string? Commit = null, ImageId? ImageId = null)
{
    /// <summary>
    /// How the target's configuration (environment, ports, probes, restart policy, labels, image reference...) differs from
    /// what the catalog renders now for the digest, tag and commit the target runs; empty when it matches or was not compared.
    /// </summary>
    public IReadOnlyList<ConfigDifference> ConfigDifferences { get; init; } = [];

    /// <summary>One line for people: <c>node 'n1': runs 0123456789ab</c>.</summary>
    public string Describe() => State switch
    {
        TargetState.Runs when Digest is null => $"{Target}: {Detail}",
        TargetState.Runs => $"{Target}: runs {Digest.Short}" + (Detail is null ? "" : $" ({Detail})"),
        TargetState.Missing => $"{Target}: {Detail ?? "not deployed"}",
        _ => $"{Target}: unreachable ({Detail})",
    };
}

/// <summary>What the live targets of one service in one environment say runs there.</summary>
public sealed record LiveReading(IReadOnlyList<TargetReading> Targets)
{
    /// <summary>No target was read.</summary>
    public static readonly LiveReading NotRead = new([]);

    /// <summary>False when any target could not be read.</summary>
    public bool Reachable => Targets.All(t => t.State != TargetState.Unreachable);

    /// <summary>The digest the first running target runs (the collector flags targets that disagree).</summary>
    public Digest? Digest => Running.FirstOrDefault(t => t.Digest is not null)?.Digest;

    /// <summary>The tag recorded with <see cref="Digest"/>.</summary>
    public string? Tag => Running.FirstOrDefault(t => t.Digest is not null)?.Tag;

    /// <summary>The targets that have the service.</summary>
    public IEnumerable<TargetReading> Running => Targets.Where(t => t.State == TargetState.Runs);

    /// <summary>The digest of an image reference <c>repo@sha256:...</c>, or null when it is referenced by tag (or is no reference).</summary>
    public static Digest? DigestOf(string? image) =>
        image is not null && ImageReference.TryParse(image, out var reference) ? reference!.Digest : null;

    /// <summary>The tag recorded in <paramref name="annotations"/> when they record <paramref name="digest"/> too (an older tag otherwise).</summary>
    public static string? TagRecordedWith(IDictionary<string, string>? annotations, string digest) =>
        SlipwayLabels.Read(annotations, SlipwayLabels.Digest) == digest ? SlipwayLabels.Read(annotations, SlipwayLabels.Tag) : null;
}
