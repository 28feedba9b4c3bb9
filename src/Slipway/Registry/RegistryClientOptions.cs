using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>How blobs are uploaded.</summary>
public enum BlobUploadMode
{
    /// <summary>Monolithic PUT; falls back to chunked PATCHes when the registry rejects the size (413) and the content can be re-read.</summary>
    Auto,
    /// <summary>POST, then a single PUT ?digest= carrying the whole blob.</summary>
    Monolithic,
    /// <summary>POST, PATCH chunks of <see cref="RegistryClientOptions.ChunkSize"/>, then PUT ?digest= without a body.</summary>
    Chunked,
}

/// <summary>Tuning knobs of a <see cref="RegistryClient"/>; the defaults suit production.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Retry policy for transient failures.</summary>
    public RegistryRetryOptions Retry { get; init; } = new();
    /// <summary>Where API calls and retries are reported (Detail level). Null: silent.</summary>
    public IBuildLog? Log { get; init; }
    /// <summary>Timeout of one HTTP request including its body. Default 30 min (large layers).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>TCP/TLS connect timeout. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Blob upload strategy.</summary>
    public BlobUploadMode UploadMode { get; init; } = BlobUploadMode.Auto;
    /// <summary>Chunk size for chunked uploads. Default 16 MiB.</summary>
    public int ChunkSize { get; init; } = 16 * 1024 * 1024;
    /// <summary>Replaces the socket handler at the bottom of the handler chain (tests, custom proxies). Auth and byte counting still apply.</summary>
    public HttpMessageHandler? PrimaryHandler { get; init; }
}
