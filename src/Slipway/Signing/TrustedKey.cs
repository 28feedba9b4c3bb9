using System.Security.Cryptography;

namespace Slipway.Signing;

/// <summary>A public key whose signatures are accepted, named by where it came from and its fingerprint.</summary>
/// <param name="Source">Where the key was read, e.g. "keys/team-2026.pub" or "the local key (.slipway/signing/local.pub)".</param>
/// <param name="Key">The ECDSA P-256 public key.</param>
public sealed record TrustedKey(string Source, ECDsa Key)
{
    /// <summary>sha256 of the SubjectPublicKeyInfo, first 16 hex digits: names the key without showing it.</summary>
    public string Fingerprint => FingerprintOf(Key);

    /// <summary>When the key's trust ended (its notAfter has passed): it still names a signature, but vouches for nothing.</summary>
    public DateTimeOffset? Expired { get; init; }

    /// <summary>"source (fingerprint)", for messages.</summary>
    public override string ToString() => $"{Source} ({KeyIdOf(Key)})";

    /// <summary>Why a signature this key verifies is still refused, for messages.</summary>
    public string ExpiredReason => $"signed by {this}, whose trust ended {Expired:yyyy-MM-dd HH:mm:ss}Z (signing.trustedKeys notAfter)";

    /// <summary>True when <paramref name="base64Signature"/> is this key's ASN.1 DER ECDSA signature over SHA-256 of <paramref name="payload"/>.</summary>
    public bool Verifies(byte[] payload, string base64Signature) => VerifiesRaw(payload, base64Signature);

    /// <summary>Same check over bytes that are not a simple-signing payload (a DSSE pre-authentication encoding).</summary>
    public bool VerifiesRaw(byte[] payload, string base64Signature)
    {
        byte[] signature;
        try { signature = Convert.FromBase64String(base64Signature); }
        catch (FormatException) { return false; }
        return Key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>Reads a PEM public key ("PUBLIC KEY", as cosign writes cosign.pub).</summary>
    /// <exception cref="Diagnostics.SlipwayException">Missing file or not an EC P-256 public key.</exception>
    public static TrustedKey FromPemFile(string path, string setting)
    {
        if (!File.Exists(path))
            throw Diagnostics.SlipwayException.Input($"{setting} '{path}'", "does not exist",
                "point it at the PEM public key (cosign.pub, or signing/local.pub under the state folder)");
        return new TrustedKey(path, PemKeys.ImportPublic(File.ReadAllText(path), $"{setting} '{path}'"));
    }

    internal static string FingerprintOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>How signatures and messages name a key: "sha256:" and its fingerprint.</summary>
    internal static string KeyIdOf(ECDsa key) => "sha256:" + FingerprintOf(key);
}
