namespace Slipway.Images;

/// <summary>The facts stamped on every image as OCI labels.</summary>
public sealed record ImageLabels(
    string Service, string Commit, string Source, string Version, DateTimeOffset Created, string Tag, string BuildKey)
{
    public const string ServiceKey = "io.slipway.service";
    public const string BuildKeyLabel = "io.slipway.build-key";
    public const string TagKey = "io.slipway.tag";

    public IReadOnlyList<KeyValuePair<string, string>> ToPairs() =>
    [
        new("org.opencontainers.image.revision", Commit),
        new("org.opencontainers.image.source", Source),
        new("org.opencontainers.image.created", Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")),
        new("org.opencontainers.image.version", Version),
        new("org.opencontainers.image.title", Service),
        new(ServiceKey, Service),
        new(TagKey, Tag),
        new(BuildKeyLabel, BuildKey),
    ];
}
