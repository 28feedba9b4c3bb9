using System.Net;
using System.Net.Http.Headers;
using Slipway.Diagnostics;

namespace Slipway.Registry;

public sealed partial class RegistryClient
{
    /// <summary>HEAD a blob: true when <paramref name="repo"/> has it (200), false on 404.</summary>
    public async Task<bool> BlobExistsAsync(string repo, string digest, CancellationToken ct = default)
    {
        var what = Describe(repo, digest);
        using var response = await SendAsync("HEAD blob", what, () => new HttpRequestMessage(HttpMethod.Head, BlobUrl(repo, digest)), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureStatusAsync(response, "HEAD blob", what, ct, HttpStatusCode.OK);
        return true;
    }

    /// <summary>
    /// Cross-repository mount: POST /v2/&lt;dst&gt;/blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;src&gt;.
    /// True when mounted (201). On 202 the registry opened an upload session instead: it is cancelled (DELETE) and false returned.
    /// A 401/403 (a token service that grants no pull on <paramref name="fromRepo"/>) is a refused mount too: false.
    /// </summary>
    public async Task<bool> MountBlobAsync(string dstRepo, string digest, string fromRepo, CancellationToken ct = default)
    {
        var what = Describe(dstRepo, digest);
        var url = Url($"v2/{dstRepo}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepo)}");
        using var response = await SendAsync("POST mount", what, () => new HttpRequestMessage(HttpMethod.Post, url), ct);
        if (response.StatusCode == HttpStatusCode.Created) return true;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The upload that follows asks only for push on dstRepo: if that is refused too, its error names the scope.
            _options.Log?.Detail($"mount of {what} from {fromRepo} refused ({(int)response.StatusCode}): no pull access on {fromRepo}");
            return false;
        }
        await EnsureStatusAsync(response, "POST mount", what, ct, HttpStatusCode.Accepted);
        if (response.Headers.Location is { } location)
        {
            try
            {
                using var cancel = await SendAsync("DELETE upload", what, () => new HttpRequestMessage(HttpMethod.Delete, Resolve(location)), ct, retry: false);
            }
            catch (RegistryException ex)
            {
                _options.Log?.Detail($"could not cancel the upload session opened by a refused mount of {what}: {ex.Message}");
            }
        }
        return false;
    }

    /// <summary>
    /// Uploads a blob whose digest is known. A seekable <paramref name="content"/> is rewound and the WHOLE upload
    /// restarted on transient failures; a non-seekable one is attempted once (use the opener overload to get retries).
    /// The upload starts at the stream's current position.
    /// </summary>
    public Task UploadBlobAsync(string repo, string digest, Stream content, long size, CancellationToken ct = default)
    {
        var start = content.CanSeek ? content.Position : 0;
        return UploadCoreAsync(repo, digest, size, content.CanSeek, _ =>
        {
            if (content.CanSeek) content.Position = start;
            return Task.FromResult<Stream>(new NonDisposingStream(content));
        }, ct);
    }

    /// <summary>
    /// Uploads a blob read from streams produced by <paramref name="open"/> (e.g. <see cref="OpenBlobAsync"/> on another
    /// registry, so nothing touches the disk). On a transient failure the whole upload restarts with a fresh stream.
    /// </summary>
    public Task UploadBlobAsync(string repo, string digest, Func<CancellationToken, Task<Stream>> open, long size, CancellationToken ct = default) =>
        UploadCoreAsync(repo, digest, size, true, open, ct);

    /// <summary>Uploads <paramref name="data"/> as a blob and returns its sha256 digest.</summary>
    public async Task<string> UploadBlobAsync(string repo, byte[] data, CancellationToken ct = default)
    {
        var digest = Digests.Sha256(data);
        await UploadBlobAsync(repo, digest, new MemoryStream(data, writable: false), data.Length, ct);
        return digest;
    }

    /// <summary>
    /// Opens a blob for reading (GET, response streamed, not buffered). Dispose the stream to release the connection.
    /// <see cref="Stream.Length"/> is the Content-Length when the registry sends one.
    /// </summary>
    public async Task<Stream> OpenBlobAsync(string repo, string digest, CancellationToken ct = default)
    {
        var what = Describe(repo, digest);
        var response = await SendAsync("GET blob", what, () => new HttpRequestMessage(HttpMethod.Get, BlobUrl(repo, digest)), ct,
            completion: HttpCompletionOption.ResponseHeadersRead);
        try
        {
            await EnsureStatusAsync(response, "GET blob", what, ct, HttpStatusCode.OK);
            var stream = await response.Content.ReadAsStreamAsync(ct);
            return new ResponseStream(response, stream, response.Content.Headers.ContentLength ?? -1);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Reads a (small) blob into memory and verifies its digest.</summary>
    public async Task<byte[]> GetBlobBytesAsync(string repo, string digest, CancellationToken ct = default)
    {
        await using var stream = await OpenBlobAsync(repo, digest, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var actual = Digests.Compute(bytes, digest);
        if (actual != digest)
            throw new RegistryException("GET blob", Describe(repo, digest), HttpStatusCode.OK, [],
                $"GET blob {Describe(repo, digest)} failed: content hashes to {actual}");
        return bytes;
    }

    /// <summary>The image config JSON of an image manifest (tag or digest). Fails for a manifest list / index.</summary>
    public async Task<byte[]> GetImageConfigAsync(string repo, string reference, CancellationToken ct = default)
    {
        var manifest = ManifestModel.Parse(await GetManifestAsync(repo, reference, ct));
        if (manifest.Config is null)
            throw new SlipwayException($"{Describe(repo, reference)} is a {manifest.MediaType} (multi-platform index), not an image manifest: pick a child manifest by digest");
        return await GetBlobBytesAsync(repo, manifest.Config.Digest, ct);
    }

    private async Task UploadCoreAsync(string repo, string digest, long size, bool restartable,
        Func<CancellationToken, Task<Stream>> open, CancellationToken ct)
    {
        if (!Digests.IsValid(digest))
            throw SlipwayException.Input($"digest '{digest}'", "is not a valid digest", "use sha256:<64 hex digits>");
        if (size < 0)
            throw SlipwayException.Input($"blob {Describe(repo, digest)}", "has an unknown size", "pass the size from the manifest descriptor");
        var pipeline = restartable ? _options.Retry.BuildOperationPipeline(_options.Log, Host) : Polly.ResiliencePipeline.Empty;
        try
        {
            await pipeline.ExecuteAsync(async token => await UploadOnceAsync(repo, digest, size, restartable, open, token), ct);
        }
        catch (RegistryException ex) when (restartable && ex.IsTransient && _options.Retry.MaxAttempts > 1)
        {
            throw ex.WithMessage($"{ex.Message} (the upload was started {_options.Retry.MaxAttempts} times)");
        }
    }

    private async Task UploadOnceAsync(string repo, string digest, long size, bool restartable,
        Func<CancellationToken, Task<Stream>> open, CancellationToken ct)
    {
        var what = Describe(repo, digest);
        var mode = _options.UploadMode;
        if (mode != BlobUploadMode.Chunked)
        {
            var location = await StartUploadAsync(repo, what, ct);
            await using (var stream = await open(ct))
            {
                using var response = await SendAsync("PUT blob", what, () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = new StreamContent(stream) };
                    request.Content.Headers.ContentLength = size;
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    return request;
                }, ct, retry: false);
                if (response.StatusCode is HttpStatusCode.Created) return;
                var tooLarge = response.StatusCode == HttpStatusCode.RequestEntityTooLarge;
                if (!(tooLarge && mode == BlobUploadMode.Auto && restartable))
                    await EnsureStatusAsync(response, "PUT blob", what, ct, HttpStatusCode.Created);
                _options.Log?.Detail($"{what}: monolithic upload refused (413), switching to chunked upload");
            }
        }
        await using (var stream = await open(ct))
            await ChunkedUploadAsync(repo, digest, what, stream, ct);
    }

    private async Task ChunkedUploadAsync(string repo, string digest, string what, Stream stream, CancellationToken ct)
    {
        var location = await StartUploadAsync(repo, what, ct);
        var buffer = new byte[Math.Max(1, _options.ChunkSize)];
        long offset = 0;
        while (true)
        {
            var n = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            if (n == 0) break;
            var from = offset;
            var target = location;
            using var response = await SendAsync("PATCH blob", what, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, target) { Content = new ByteArrayContent(buffer, 0, n) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{from}-{from + n - 1}");
                return request;
            }, ct, retry: false);
            await EnsureStatusAsync(response, "PATCH blob", what, ct, HttpStatusCode.Accepted, HttpStatusCode.NoContent);
            if (response.Headers.Location is { } next) location = Resolve(next);
            offset += n;
            if (n < buffer.Length) break;
        }
        using var done = await SendAsync("PUT blob", what, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = new ByteArrayContent([]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, ct, retry: false);
        await EnsureStatusAsync(done, "PUT blob", what, ct, HttpStatusCode.Created);
    }

    private async Task<Uri> StartUploadAsync(string repo, string what, CancellationToken ct)
    {
        using var response = await SendAsync("POST upload", what, () => new HttpRequestMessage(HttpMethod.Post, Url($"v2/{repo}/blobs/uploads/")), ct, retry: false);
        await EnsureStatusAsync(response, "POST upload", what, ct, HttpStatusCode.Accepted);
        return response.Headers.Location is { } location
            ? Resolve(location)
            : throw new RegistryException("POST upload", what, response.StatusCode, [], $"POST upload {what} failed: the registry sent no Location header");
    }

    private Uri BlobUrl(string repo, string digest) => Url($"v2/{repo}/blobs/{digest}");

    private Uri Resolve(Uri location) => location.IsAbsoluteUri ? location : new Uri(BaseUri, location);

    private static Uri WithDigest(Uri location, string digest) =>
        new(location + (string.IsNullOrEmpty(location.Query) ? "?" : "&") + "digest=" + Uri.EscapeDataString(digest));
}
