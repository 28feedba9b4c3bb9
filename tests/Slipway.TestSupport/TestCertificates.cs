using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Slipway.TestSupport;

/// <summary>A throw-away CA with a server certificate for 127.0.0.1 and a client certificate, written as PEM files (as dockerd --tlsverify wants).</summary>
public sealed record TestCertificates(string CaFile, string ServerCertFile, string ServerKeyFile, string ClientCertFile, string ClientKeyFile)
{
    public static TestCertificates WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=slipway-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));

        string Write(string name, string pem) { var p = Path.Combine(folder, name); File.WriteAllText(p, pem); return p; }
        var caFile = Write("ca.pem", ca.ExportCertificatePem());
        var (serverCert, serverKey) = Issue(ca, "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", withIpSan: true);
        var (clientCert, clientKey) = Issue(ca, "CN=slipway-test-client", "1.3.6.1.5.5.7.3.2", withIpSan: false);
        return new TestCertificates(caFile, Write("server-cert.pem", serverCert), Write("server-key.pem", serverKey),
            Write("cert.pem", clientCert), Write("key.pem", clientKey));
    }

    private static (string Cert, string Key) Issue(X509Certificate2 ca, string subject, string usageOid, bool withIpSan)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        if (withIpSan)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
