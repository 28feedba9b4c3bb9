namespace Slipway.Registry;

/// <summary>Manifest and blob media types of Docker schema 2 and OCI.</summary>
public static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerTar = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

    /// <summary>
    /// Every manifest type Slipway understands. Always sent as Accept: without it, distribution converts
    /// schema 2 manifests to schema 1 and returns a DIFFERENT digest.
    /// </summary>
    public static readonly IReadOnlyList<string> ManifestAccept = [DockerManifest, DockerManifestList, OciManifest, OciIndex];

    /// <summary>True for a manifest list / OCI index (a manifest of manifests).</summary>
    public static bool IsIndex(string? mediaType) => mediaType is DockerManifestList or OciIndex;

    /// <summary>True for a layer stored as a plain (uncompressed) tar.</summary>
    public static bool IsUncompressedLayer(string? mediaType) => mediaType is OciLayerTar or "application/vnd.docker.image.rootfs.diff.tar";

    /// <summary>True for a layer compressed with zstd.</summary>
    public static bool IsZstdLayer(string? mediaType) => mediaType is OciLayerZstd;

    /// <summary>True for a single-image manifest (Docker schema 2 or OCI).</summary>
    public static bool IsImageManifest(string? mediaType) => mediaType is DockerManifest or OciManifest;
}
