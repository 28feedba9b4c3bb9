namespace Slipway.Deploy;

/// <summary>
/// The label and annotation names Slipway writes on what it deploys, in every mode: docker container labels, static
/// Pod and Deployment annotations, namespace labels. One prefix, <c>slipway.io/</c>, the prefix/name form Kubernetes
/// requires and docker accepts. Labels baked into images stay in <see cref="Images.ImageLabels"/> (io.slipway.*):
/// they are part of every image digest and of build reuse.
/// </summary>
public static class SlipwayLabels
{
    public const string Service = "slipway.io/service";
    /// <summary>The catalog environment (docker containers, Deployments and their namespaces).</summary>
    public const string Environment = "slipway.io/environment";
    /// <summary>The date-based tag the digest was pushed under.</summary>
    public const string Tag = "slipway.io/tag";
    /// <summary>The manifest digest that runs: what Status, Promote and the already-running check read.</summary>
    public const string Digest = "slipway.io/digest";
    public const string Commit = "slipway.io/commit";
    /// <summary>The engine's image ID of an image loaded over SSH (its config digest); never written as the digest.</summary>
    public const string ImageId = "slipway.io/image-id";
    public const string LedgerEntry = "slipway.io/ledger-entry";

    /// <summary>
    /// The platform's pod labels (<c>nce-app</c> is the Deployment's selector, which cannot change once applied);
    /// kept as they are, since renaming them would restart every pod and break whatever selects on them.
    /// </summary>
    public const string App = "nce-app";
    public const string PodEnvironment = "nce-env";
    public const string PodTag = "nce-tag";

    /// <summary>
    /// The names docker containers were labelled with before <c>slipway.io/</c>: never written any more, still read
    /// (see <see cref="Read"/>) so containers started by an older Slipway are recognised until they are replaced.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LegacyNames = new Dictionary<string, string>
    {
        [Service] = "io.slipway.service",
        [Environment] = "io.slipway.env",
        [Tag] = "io.slipway.tag",
        [Digest] = "io.slipway.digest",
        [Commit] = "io.slipway.commit",
    };

    /// <summary>The value of <paramref name="name"/> in <paramref name="labels"/>, or of its legacy name when the new one is absent.</summary>
    public static string? Read(IDictionary<string, string>? labels, string name)
    {
        if (labels is null) return null;
        if (labels.TryGetValue(name, out var value)) return value;
        return LegacyNames.TryGetValue(name, out var legacy) && labels.TryGetValue(legacy, out var old) ? old : null;
    }
}
