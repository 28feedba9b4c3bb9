namespace Slipway.Images;

/// <summary>
/// One assembled application layer: the gzipped tar as the registry stores it, and the two digests an
/// image needs (the manifest names the compressed blob, the config's rootfs names the uncompressed tar).
/// </summary>
/// <param name="Name">The layer's short name (start, lib, classes, web, config).</param>
/// <param name="Compressed">The gzipped tar, the blob uploaded to the registry.</param>
/// <param name="Digest">sha256 of <paramref name="Compressed"/>: the manifest's layer digest.</param>
/// <param name="DiffId">sha256 of the uncompressed tar: the config's rootfs.diff_ids entry.</param>
/// <param name="EntryCount">Files and directories in the tar.</param>
public sealed record LayerBlob(string Name, byte[] Compressed, string Digest, string DiffId, int EntryCount)
{
    /// <summary>Size of the compressed blob in bytes.</summary>
    public long Size => Compressed.LongLength;
}
