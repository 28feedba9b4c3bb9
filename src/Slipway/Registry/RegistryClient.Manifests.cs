using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Slipway.Diagnostics;

namespace Slipway.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// GET a manifest by tag or digest with the full Accept list (schema 2, manifest list, OCI manifest, OCI index).
    /// Verifies that the digest of the bytes equals Docker-Content-Digest (and the reference, when it is a digest).
    /// </summary>
    public async Task<ManifestContent> GetManifestAsync(string repo, string reference, CancellationToken ct = default)
    {
        var what = Describe(repo, reference);
        using var response = await SendAsync("GET manifest", what, () => ManifestRequest(HttpMethod.Get, repo, reference), ct);
        await EnsureStatusAsync(response, "GET manifest", what, ct, HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (bytes.Length == 0)
            throw new RegistryException("GET manifest", what, response.StatusCode, [],
                $"GET manifest {what} failed: the registry answered {(int)response.StatusCode} with an empty body. Check for a proxy between Slipway and the registry");
        var header = HeaderDigest(response);
        var expected = header ?? (Digests.IsValid(reference) ? reference : null);
        var computed = expected is null ? Digests.Sha256(bytes) : Digests.Compute(bytes, expected);
        if (expected is not null && computed != expected)
            throw new RegistryException("GET manifest", what, response.StatusCode, [],
                $"GET manifest {what} failed: the registry says {expected} but the bytes hash to {computed}. " +
                "The manifest was altered in transit or by a proxy; refusing to use it");
        if (Digests.IsValid(reference) && computed != reference)
            throw new RegistryException("GET manifest", what, response.StatusCode, [],
                $"GET manifest {what} failed: content hashes to {computed}, not the requested digest");
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (string.IsNullOrEmpty(mediaType) || mediaType == "application/json")
            mediaType = ManifestModel.Parse(bytes).MediaType;
        return new ManifestContent(bytes, mediaType, computed);
    }

    /// <summary>HEAD a manifest: its digest, or null when the tag/digest does not exist (404).</summary>
    public async Task<string?> HeadManifestAsync(string repo, string reference, CancellationToken ct = default)
    {
        var what = Describe(repo, reference);
        using var response = await SendAsync("HEAD manifest", what, () => ManifestRequest(HttpMethod.Head, repo, reference), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureStatusAsync(response, "HEAD manifest", what, ct, HttpStatusCode.OK);
        return HeaderDigest(response) ?? (Digests.IsValid(reference) ? reference
            : (await GetManifestAsync(repo, reference, ct)).Digest);
    }

    /// <summary>
    /// PUT the exact <paramref name="bytes"/> as a manifest under <paramref name="reference"/> (tag or digest)
    /// with Content-Type <paramref name="mediaType"/>. Returns the digest; fails when the registry reports another one.
    /// </summary>
    public async Task<string> PutManifestAsync(string repo, string reference, byte[] bytes, string mediaType, CancellationToken ct = default)
    {
        var what = Describe(repo, reference);
        var digest = Digests.Sha256(bytes);
        using var response = await SendAsync("PUT manifest", what, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url($"v2/{repo}/manifests/{reference}"))
            {
                Content = new ByteArrayContent(bytes),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return request;
        }, ct);
        await EnsureStatusAsync(response, "PUT manifest", what, ct, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Accepted);
        var reported = HeaderDigest(response);
        if (reported is not null && reported != digest)
            throw new RegistryException("PUT manifest", what, response.StatusCode, [],
                $"PUT manifest {what} failed: the registry stored it as {reported}, expected {digest}. The digest was not preserved");
        return digest;
    }

    /// <summary>
    /// Reads <paramref name="tag"/> back right after this client PUT <paramref name="expected"/> under it (HEAD, Docker-Content-Digest).
    /// </summary>
    /// <exception cref="TagMovedException">The tag resolves to another digest, or to nothing: another push moved it.</exception>
    public async Task VerifyTagAsync(string repo, string tag, string expected, CancellationToken ct = default)
    {
        var found = await HeadManifestAsync(repo, tag, ct);
        if (found != expected) throw new TagMovedException($"{Host}/{repo}", tag, expected, found);
    }

    /// <summary>DELETE a manifest by digest (removes every tag pointing at it in that repository). Needs delete enabled on the registry.</summary>
    public async Task DeleteManifestAsync(string repo, string digest, CancellationToken ct = default)
    {
        if (!Digests.IsValid(digest))
            throw SlipwayException.Input($"digest '{digest}'", "is not a digest; registries delete manifests by digest only", "resolve the tag with HeadManifestAsync first");
        var what = Describe(repo, digest);
        using var response = await SendAsync("DELETE manifest", what, () => new HttpRequestMessage(HttpMethod.Delete, Url($"v2/{repo}/manifests/{digest}")), ct);
        await EnsureStatusAsync(response, "DELETE manifest", what, ct, HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.NoContent);
    }

    /// <summary>Tags of <paramref name="repo"/> (follows Link pagination); empty when the repository does not exist.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repo, CancellationToken ct = default)
    {
        var what = $"{Host}/{repo}";
        var tags = new List<string>();
        var next = Url($"v2/{repo}/tags/list");
        while (next is not null)
        {
            var page = next;
            using var response = await SendAsync("GET tags", what, () => new HttpRequestMessage(HttpMethod.Get, page), ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return tags;
            await EnsureStatusAsync(response, "GET tags", what, ct, HttpStatusCode.OK);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (doc.RootElement.TryGetProperty("tags", out var arr) && arr.ValueKind == JsonValueKind.Array)
                tags.AddRange(arr.EnumerateArray().Select(t => t.GetString()!).Where(t => t is not null));
            next = response.Headers.TryGetValues("Link", out var links) && links.Select(l => Regex.Match(l, "<([^>]+)>;\\s*rel=\"?next\"?")).FirstOrDefault(m => m.Success) is { } m
                ? new Uri(BaseUri, m.Groups[1].Value)
                : null;
        }
        return tags;
    }

    private HttpRequestMessage ManifestRequest(HttpMethod method, string repo, string reference)
    {
        var request = new HttpRequestMessage(method, Url($"v2/{repo}/manifests/{reference}"));
        foreach (var type in MediaTypes.ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    private static string? HeaderDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
}
