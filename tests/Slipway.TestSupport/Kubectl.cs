using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>
/// The real kubectl (1.32+) against one kubeconfig, with a discovery cache of its own (so no run reads another's).
/// Missing kubectl is a failure that says what to install, never a skip: it is the oracle of the conformance tests.
/// </summary>
public sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>kubectl's path; throws (every time, saying what to install) when it is missing.</summary>
    public static string Program => Located.Value;

    public Task<ProcessResult> RunAsync(params string[] args) => ProcessRunner.RunAsync(Program,
        ["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, "--request-timeout=20s", .. args]);

    private static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in new[] { "/usr/bin", "/usr/local/bin" }.Concat(path.Split(':', StringSplitOptions.RemoveEmptyEntries)))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(
            "kubectl is not installed (not in /usr/bin, /usr/local/bin or on PATH): the kubectl conformance tests need it. " +
            "Install kubectl 1.32 or later (or Debian's kubernetes-client package).");
    }
}
