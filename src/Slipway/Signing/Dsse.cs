using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Diagnostics;

namespace Slipway.Signing;

/// <summary>
/// DSSE envelopes (what cosign attestations are): the payload and its type, signed over the pre-authentication encoding
/// <c>"DSSEv1" SP len(type) SP type SP len(body) SP body</c>, so a signature cannot be moved to another payload type.
/// </summary>
public static class Dsse
{
    /// <summary>The payload type of in-toto statements.</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>The layer media type of a DSSE envelope in a <c>.att</c> manifest.</summary>
    public const string MediaType = "application/vnd.dsse.envelope.v1+json";

    /// <summary>The pre-authentication encoding the signature covers.</summary>
    public static byte[] Pae(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        return [.. Encoding.UTF8.GetBytes($"DSSEv1 {type.Length} "), .. type, .. Encoding.UTF8.GetBytes($" {payload.Length} "), .. payload];
    }

    /// <summary>The envelope JSON of <paramref name="payload"/> signed with <paramref name="key"/>.</summary>
    public static byte[] Sign(string payloadType, byte[] payload, ECDsa key)
    {
        var signature = key.SignData(Pae(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Encoding.UTF8.GetBytes(new JsonObject
        {
            ["payloadType"] = payloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = TrustedKey.KeyIdOf(key), ["sig"] = Convert.ToBase64String(signature) }),
        }.ToJsonString());
    }

    /// <summary>The payload of <paramref name="envelope"/> and the trusted key that signed it.</summary>
    /// <exception cref="SlipwayException">Malformed, or signed by none of <paramref name="trusted"/> (a tampered payload included).</exception>
    public static (byte[] Payload, TrustedKey Key) Open(byte[] envelope, IReadOnlyList<TrustedKey> trusted, string source)
    {
        string type;
        byte[] payload;
        List<(string KeyId, string Sig)> signatures;
        try
        {
            using var doc = JsonDocument.Parse(envelope);
            type = doc.RootElement.GetProperty("payloadType").GetString() ?? "";
            payload = Convert.FromBase64String(doc.RootElement.GetProperty("payload").GetString() ?? "");
            signatures = doc.RootElement.GetProperty("signatures").EnumerateArray()
                .Select(s => (s.TryGetProperty("keyid", out var id) ? id.GetString() ?? "" : "", s.GetProperty("sig").GetString() ?? "")).ToList();
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SlipwayException($"{source} is not a DSSE envelope: {ex.Message}", ex);
        }
        var pae = Pae(type, payload);
        foreach (var key in trusted)
            if (signatures.Any(s => key.VerifiesRaw(pae, s.Sig)))
                return key.Expired is null ? (payload, key) : throw new SlipwayException($"{source} is {key.ExpiredReason}");
        var claimed = signatures.Select(s => s.KeyId).Where(id => id.Length > 0).ToList();
        var named = claimed.Count > 0 ? $" (its envelope names key {string.Join(", ", claimed)})" : "";
        throw new SlipwayException($"{source} is signed by none of the trusted keys ({string.Join(", ", trusted)}){named}: " +
                                   "an unknown or rotated-out key, or the content was changed after signing");
    }
}
