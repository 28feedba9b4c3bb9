using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>
/// How a registry's HTTPS certificate is checked and which client certificate is shown (PEM files, as the catalog's
/// <c>caFile</c>, <c>certFile</c> and <c>keyFile</c> of a registry name them). The chain must end at a CA of the machine's
/// trust store or of the CA file, as docker's certs.d has it.
/// </summary>
/// <param name="CaFile">CA certificate(s) that issued the registry's certificate; null: the machine's trust store.</param>
/// <param name="CertFile">Client certificate, for registries that want one; with <paramref name="KeyFile"/>.</param>
/// <param name="KeyFile">The client certificate's private key.</param>
/// <param name="CatalogKey">Where these are set, named in errors, e.g. "registries.hub".</param>
public sealed record RegistryTls(string? CaFile, string? CertFile, string? KeyFile, string CatalogKey = "registry")
{
    /// <summary>Loads the files into TLS client options; the validation callback records why a certificate was refused in <paramref name="refusal"/>.</summary>
    /// <exception cref="SlipwayException">A file is missing or not PEM; the message names the catalog key.</exception>
    internal SslClientAuthenticationOptions Load(TlsRefusal refusal)
    {
        var ca = CaFile is { Length: > 0 } ? LoadCa(CaFile) : null;
        var options = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => refusal.Check(certificate, errors, ca),
        };
        if (CertFile is { Length: > 0 } || KeyFile is { Length: > 0 })
            options.ClientCertificates = [LoadClientCertificate()];
        return options;
    }

    private X509Certificate2Collection LoadCa(string path)
    {
        var ca = new X509Certificate2Collection();
        try { ca.ImportFromPemFile(Existing("caFile", path)); }
        catch (CryptographicException e) { throw Unreadable("caFile", path, e); }
        return ca.Count > 0 ? ca : throw Unreadable("caFile", path, null);
    }

    private X509Certificate2 LoadClientCertificate()
    {
        if (CertFile is not { Length: > 0 } || KeyFile is not { Length: > 0 })
            throw SlipwayException.Input($"{CatalogKey}: certFile/keyFile", "only one of the two is set",
                "set both, the client certificate (certFile) and its private key (keyFile), or neither");
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(Existing("certFile", CertFile), Existing("keyFile", KeyFile));
            // SslStream wants a certificate whose key is not ephemeral: round-trip through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException e) { throw Unreadable("certFile/keyFile", $"{CertFile}, {KeyFile}", e); }
    }

    private string Existing(string key, string path) => File.Exists(path) ? path
        : throw SlipwayException.Input($"{CatalogKey}.{key}", $"file '{path}' does not exist", "point it at the PEM file, or fix the path in the catalog");

    private SlipwayException Unreadable(string key, string path, Exception? inner) =>
        new($"{CatalogKey}.{key}: '{path}' is not a readable PEM certificate/key" + (inner is null ? "" : $" ({inner.Message})") +
            ". Fix: give the PEM files (-----BEGIN CERTIFICATE----- / -----BEGIN PRIVATE KEY-----)", inner);
}

/// <summary>Checks a registry's certificate and remembers why the last one was refused, for the error message.</summary>
internal sealed class TlsRefusal
{
    private volatile string? _reason;

    /// <summary>Why the registry's certificate was last refused, e.g. "its certificate (CN=…, issued by CN=…) does not chain to …"; null when none was.</summary>
    public string? Reason => _reason;

    public bool Check(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? ca)
    {
        if (certificate is null) return Refuse("it presented no certificate");
        using var server = new X509Certificate2(certificate);
        var who = $"its certificate ({server.Subject}, issued by {server.Issuer})";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Refuse($"{who} is not issued for the host name or address in the registry url");
        // As docker's certs.d: the CA file adds to the machine's trust store (a token service on a public host still works).
        if (errors == SslPolicyErrors.None) return true;
        if (ca is null) return Refuse($"{who} does not chain to a CA this machine trusts");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server) || Refuse($"{who} does not chain to the CA in caFile nor to one this machine trusts " +
            $"({string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct())})");
    }

    private bool Refuse(string reason)
    {
        _reason = reason;
        return false;
    }
}
