using System.Text;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The kubeconfig for a fake server: one cluster (HTTPS, CA data) and a context per kind of user: <c>fake-admin</c>
/// (token, may do anything, current), <c>fake-reader</c> (token, get/list only), <c>fake-cert</c> (client certificate)
/// and <c>fake-exec</c> (an exec credential plugin, see <see cref="FakeExecPlugin"/>).
/// </summary>
public static class FakeKubeconfig
{
    public static string For(Uri server, FakeCertificateAuthority ca, FakeExecPlugin plugin) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: {server.ToString().TrimEnd('/')}
            certificate-authority-data: {Base64(ca.CaPem)}
        users:
        - name: admin
          user:
            token: {FakeUsers.AdminToken}
        - name: reader
          user:
            token: {FakeUsers.ReaderToken}
        - name: cert
          user:
            client-certificate-data: {Base64(ca.ClientCertificatePem)}
            client-key-data: {Base64(ca.ClientKeyPem)}
        - name: exec
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /bin/sh
              args:
              - {plugin.ScriptPath}
              interactiveMode: Never
        contexts:
        - name: fake-admin
          context:
            cluster: fake
            user: admin
        - name: fake-reader
          context:
            cluster: fake
            user: reader
        - name: fake-cert
          context:
            cluster: fake
            user: cert
        - name: fake-exec
          context:
            cluster: fake
            user: exec
        current-context: fake-admin
        """;

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
