using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// The payload a cosign signature signs (Red Hat simple signing): the image's manifest digest and the repository it was
/// signed for. Parsed as strictly as containers/image parses it: exactly "critical" and "optional" at the top, exactly
/// type, image and identity under critical. "optional" carries who signed and when (containers/image reads creator and
/// timestamp there and ignores the rest), inside what the signature covers.
/// </summary>
/// <param name="Identity">The repository the signature is for, e.g. "127.0.0.1:5055/ncerepo/orders".</param>
/// <param name="Digest">The manifest digest signed.</param>
/// <param name="SignedAt">When it was signed (optional.timestamp, Unix seconds); null in cosign's own payloads.</param>
/// <param name="KeyFingerprint">The signer's key as it names itself (optional.keyFingerprint, "sha256:" and 16 hex digits); a claim until the signature verifies.</param>
public sealed record SimpleSigningPayload(string Identity, Digest Digest, DateTimeOffset? SignedAt = null, string? KeyFingerprint = null)
{
    /// <summary>critical.type of a cosign image signature.</summary>
    public const string Type = "cosign container image signature";

    /// <summary>The layer media type of a signature in a <c>.sig</c> manifest.</summary>
    public const string MediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>The creator containers/image shows for Slipway's signatures.</summary>
    public const string Creator = "Slipway";

    /// <summary>The payload bytes, as cosign writes them ("optional": null without signing time and key).</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["critical"] = new JsonObject
        {
            ["identity"] = new JsonObject { ["docker-reference"] = Identity },
            ["image"] = new JsonObject { ["docker-manifest-digest"] = Digest.Value },
            ["type"] = Type,
        },
        ["optional"] = SignedAt is null && KeyFingerprint is null ? null : OptionalSection(),
    }.ToJsonString());

    private JsonObject OptionalSection()
    {
        var optional = new JsonObject { ["creator"] = Creator };
        if (SignedAt is { } at) optional["timestamp"] = at.ToUnixTimeSeconds();
        if (KeyFingerprint is { } fingerprint) optional["keyFingerprint"] = fingerprint;
        return optional;
    }

    /// <summary>Same image, same repository: what a rerun with the same key need not sign again.</summary>
    public bool SignsSameAs(SimpleSigningPayload other) => Identity == other.Identity && Digest == other.Digest;

    /// <summary>Parses payload bytes; <paramref name="source"/> names where they came from in the error.</summary>
    /// <exception cref="SlipwayException">Not a cosign simple-signing payload.</exception>
    public static SimpleSigningPayload Parse(byte[] bytes, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = Exactly(doc.RootElement, "payload", "critical", "optional");
            var critical = Exactly(root["critical"], "critical", "identity", "image", "type");
            if (critical["type"].ValueKind != JsonValueKind.String || critical["type"].GetString() != Type)
                throw new FormatException($"critical.type is not \"{Type}\"");
            var identity = Exactly(critical["identity"], "critical.identity", "docker-reference")["docker-reference"];
            var image = Exactly(critical["image"], "critical.image", "docker-manifest-digest")["docker-manifest-digest"];
            if (identity.ValueKind != JsonValueKind.String || image.ValueKind != JsonValueKind.String)
                throw new FormatException("docker-reference and docker-manifest-digest must be strings");
            var (signedAt, fingerprint) = Optional(root["optional"]);
            return new SimpleSigningPayload(identity.GetString()!, Digest.Parse(image.GetString(), $"{source}: critical.image.docker-manifest-digest"),
                signedAt, fingerprint);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new SlipwayException($"{source} is not a cosign simple-signing payload: {ex.Message}", ex);
        }
    }

    /// <summary>The repository of a docker-reference (tag or digest dropped), as matchRepository compares it.</summary>
    public static string RepositoryOf(string reference)
    {
        var at = reference.IndexOf('@');
        if (at >= 0) reference = reference[..at];
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? reference[..colon] : reference;
    }

    private static (DateTimeOffset?, string?) Optional(JsonElement optional)
    {
        if (optional.ValueKind == JsonValueKind.Null) return (null, null);
        if (optional.ValueKind != JsonValueKind.Object) throw new FormatException("optional is neither null nor an object");
        DateTimeOffset? signedAt = optional.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        var fingerprint = optional.TryGetProperty("keyFingerprint", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        return (signedAt, fingerprint);
    }

    private static Dictionary<string, JsonElement> Exactly(JsonElement element, string what, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new FormatException($"{what} is not an object");
        var fields = element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        if (fields.Count != names.Length || names.Any(n => !fields.ContainsKey(n)))
            throw new FormatException($"{what} must have exactly the fields {string.Join(", ", names)} (has {string.Join(", ", fields.Keys)})");
        return fields;
    }
}
