using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Tests.Kubernetes;

/// <summary>The fake's wire protocol where kubectl cannot show it: loopback HTTPS only, JSON answers to a protobuf Accept,
/// protobuf bodies refused, client certificates only from its own CA.</summary>
public sealed class FakeKubeApiServerProtocolTests
{
    [Fact]
    public async Task Protobuf_is_answered_in_JSON_and_a_protobuf_body_is_refused_with_415()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        Assert.Equal(("https", "127.0.0.1"), (server.Url.Scheme, server.Url.Host));
        using var http = Client(server);

        using var list = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "api/v1/namespaces"));
        list.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf, */*");
        using var listed = await http.SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("application/json", listed.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"NamespaceList\"", await listed.Content.ReadAsStringAsync());

        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Url, "api/v1/namespaces"))
        {
            Content = new ByteArrayContent("k8s\0"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf") } },
        };
        using var refused = await http.SendAsync(create);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Contains("\"reason\":\"UnsupportedMediaType\"", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_certificate_from_another_CA_is_401()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest($"CN={FakeUsers.CertificateUser}, O=system:masters", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")], false));
        using var stranger = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var http = Client(server, stranger);

        using var answer = await http.GetAsync(new Uri(server.Url, "api/v1/namespaces"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    /// <summary>A client trusting only the server's own CA: the admin token, or only <paramref name="certificate"/>.</summary>
    private static HttpClient Client(FakeKubeApiServer server, X509Certificate2? certificate = null)
    {
        var ca = X509Certificate2.CreateFromPem(server.CertificateAuthorityPem);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        if (certificate is not null) handler.ClientCertificates.Add(certificate);
        var client = new HttpClient(handler);
        if (certificate is null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeUsers.AdminToken);
        return client;
    }
}
