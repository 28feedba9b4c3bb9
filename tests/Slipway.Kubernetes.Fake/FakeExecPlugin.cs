namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The exec credential plugin of the <c>fake-exec</c> user: a shell script, in a folder of its own while the server
/// lives, printing an ExecCredential with <see cref="FakeUsers.ExecToken"/>. A file rather than <c>sh -c '...'</c>
/// because under KubernetesClient <c>sh -c 'echo ...'</c> printed nothing (its exec arguments appear to be joined
/// into one command line; kubectl passes them verbatim).
/// </summary>
public sealed class FakeExecPlugin : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "slipway-fake-kube-" + Guid.NewGuid().ToString("N")[..12]);

    public string ScriptPath { get; }

    public FakeExecPlugin()
    {
        Directory.CreateDirectory(_folder);
        ScriptPath = Path.Combine(_folder, "exec-credential.sh");
        File.WriteAllText(ScriptPath, $$$"""
            #!/bin/sh
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"{{{FakeUsers.ExecToken}}}"}}'

            """);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
