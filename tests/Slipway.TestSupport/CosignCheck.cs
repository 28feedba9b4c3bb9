using System.Text.Json;
using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>
/// An independent check of a cosign signature, sharing no code with Slipway: skopeo fetches the image's
/// <c>sha256-&lt;hex&gt;.sig</c> attachment (an OCI image), openssl verifies each simple-signing layer's ECDSA signature, and
/// the payload must name the digest and the repository (matchRepository). Debian's skopeo 1.9 is built with sigstore
/// verification patched out ("Debian-local change: sigstore disabled"), so its sigstoreSigned policy cannot be the verifier here.
/// </summary>
public static class CosignCheck
{
    /// <summary>Null when some layer is a valid signature of <paramref name="digest"/> for <paramref name="repository"/> by the key; else why not.</summary>
    public static async Task<string?> WhyNotSignedAsync(string host, string repo, string digest, string publicKeyPem)
    {
        using var dir = new TempDir();
        var tag = digest.Replace(':', '-') + ".sig";
        if (!await Skopeo.CopyToDirAsync(host, repo, tag, dir.Combine("sig"))) return $"skopeo cannot read {host}/{repo}:{tag}";
        await File.WriteAllTextAsync(dir.Combine("pub.pem"), publicKeyPem);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(dir.Combine("sig", "manifest.json")));
        var reasons = new List<string>();
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            if (layer.GetProperty("mediaType").GetString() != "application/vnd.dev.cosign.simplesigning.v1+json") { reasons.Add("not a signature layer"); continue; }
            var blob = dir.Combine("sig", layer.GetProperty("digest").GetString()!.Split(':')[1]);
            var signature = dir.Combine("signature.der");
            await File.WriteAllBytesAsync(signature, Convert.FromBase64String(
                layer.GetProperty("annotations").GetProperty("dev.cosignproject.cosign/signature").GetString()!));
            var openssl = await ProcessRunner.RunAsync("openssl", ["dgst", "-sha256", "-verify", dir.Combine("pub.pem"), "-signature", signature, blob]);
            if (!openssl.Succeeded) { reasons.Add("openssl: " + openssl.StandardOutputText + openssl.StandardErrorText); continue; }
            using var payload = JsonDocument.Parse(await File.ReadAllBytesAsync(blob));
            var critical = payload.RootElement.GetProperty("critical");
            var signedDigest = critical.GetProperty("image").GetProperty("docker-manifest-digest").GetString();
            var signedFor = critical.GetProperty("identity").GetProperty("docker-reference").GetString();
            if (critical.GetProperty("type").GetString() != "cosign container image signature") reasons.Add("wrong type");
            else if (signedDigest != digest) reasons.Add($"signs {signedDigest}");
            else if (signedFor != $"{host}/{repo}") reasons.Add($"signed for {signedFor}");
            else return null;
        }
        return string.Join("; ", reasons);
    }
}
