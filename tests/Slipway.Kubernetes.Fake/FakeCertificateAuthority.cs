using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The fake cluster's own CA, made per server: a serving certificate for 127.0.0.1 and a client certificate for
/// <see cref="FakeUsers.CertificateUser"/>. Kubeconfigs carry the CA as certificate-authority-data, as a real cluster's do.
/// </summary>
public sealed class FakeCertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _ca;
    // One validity window for the CA and what it issues: an issued certificate may not outlive its issuer.
    private readonly DateTimeOffset _notBefore = DateTimeOffset.UtcNow.AddHours(-1);
    private readonly DateTimeOffset _notAfter = DateTimeOffset.UtcNow.AddDays(7);

    public X509Certificate2 ServerCertificate { get; }
    public string CaPem { get; }
    public string ClientCertificatePem { get; }
    public string ClientKeyPem { get; }

    public FakeCertificateAuthority()
    {
        using var caKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=slipway-fake-kube-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = request.CreateSelfSigned(_notBefore, _notAfter);
        CaPem = _ca.ExportCertificatePem();
        ServerCertificate = Issue("CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", serving: true);
        using var client = Issue($"CN={FakeUsers.CertificateUser}, O=system:masters", "1.3.6.1.5.5.7.3.2", serving: false);
        ClientCertificatePem = client.ExportCertificatePem();
        ClientKeyPem = client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA (what a real API server checks with --client-ca-file).</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private X509Certificate2 Issue(string subject, string usageOid, bool serving)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        if (serving)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        using var cert = request.Create(_ca, _notBefore, _notAfter, RandomNumberGenerator.GetBytes(8));
        return cert.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        ServerCertificate.Dispose();
        _ca.Dispose();
    }
}
