using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.X509;
using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Chain;

/// <summary>
/// Client TLS for a tcp:// engine, as <c>docker --tlsverify</c> does it: the client certificate and key (PEM),
/// and the engine's certificate checked against the catalog's CA only (not the machine's trust store).
/// </summary>
public static class DockerTlsCredentials
{
    /// <summary>Loads the PEM files named by <paramref name="tls"/>; errors name the file and the fix.</summary>
    public static CertificateCredentials Load(string endpoint, DockerTlsSpec tls)
    {
        var ca = new X509Certificate2Collection();
        try { ca.ImportFromPemFile(Existing(endpoint, "caFile", tls.CaFile)); }
        catch (CryptographicException e) { throw Unreadable(endpoint, "caFile", tls.CaFile, e); }
        if (ca.Count == 0) throw Unreadable(endpoint, "caFile", tls.CaFile, null);

        X509Certificate2 client;
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(Existing(endpoint, "certFile", tls.CertFile), Existing(endpoint, "keyFile", tls.KeyFile));
            // SslStream wants a certificate whose key is not ephemeral: round-trip through PKCS#12.
            client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException e) { throw Unreadable(endpoint, "certFile/keyFile", $"{tls.CertFile}, {tls.KeyFile}", e); }

        return new CertificateCredentials(client)
        {
            ServerCertificateValidationCallback = (_, certificate, _, errors) => IsSignedByCa(certificate, errors, ca),
        };
    }

    private static bool IsSignedByCa(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection ca)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    private static string Existing(string endpoint, string key, string path)
    {
        if (!File.Exists(path))
            throw SlipwayException.Input($"Docker endpoint '{endpoint}' tls.{key}", $"file '{path}' does not exist",
                "point it at the PEM file (as for docker --tlsverify), or fix the path in the catalog");
        return path;
    }

    private static SlipwayException Unreadable(string endpoint, string key, string path, Exception? inner) =>
        new($"Docker endpoint '{endpoint}' tls.{key}: '{path}' is not a readable PEM certificate/key" +
            (inner is null ? "" : $" ({inner.Message})") + ". Fix: use the PEM files docker --tlsverify uses (ca.pem, cert.pem, key.pem).", inner);
}
