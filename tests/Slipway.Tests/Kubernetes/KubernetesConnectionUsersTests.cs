using k8s;
using Slipway.Deploy.Kubernetes;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Tests.Kubernetes;

/// <summary>The product's client (KubernetesConnection) with each kind of kubeconfig user a cluster hands out, over HTTPS with CA data.</summary>
public sealed class KubernetesConnectionUsersTests
{
    [Theory]
    [InlineData("fake-admin", FakeUsers.AdminUser)]
    [InlineData("fake-cert", FakeUsers.CertificateUser)]
    [InlineData("fake-exec", FakeUsers.ExecUser)]
    public async Task Each_kind_of_user_can_list_namespaces(string context, string user)
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var dir = new TempDir();
        var kubeconfig = dir.Combine("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, server.Kubeconfig());
        using var client = KubernetesConnection.Open(kubeconfig, "the test", context);

        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.NotNull(namespaces.Items);
        Assert.Contains(server.Requests, r => r.StartsWith("GET /api/v1/namespaces"));
        Assert.Equal(user, server.LastUser);
    }
}
