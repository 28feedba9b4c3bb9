using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>skopeo, an independent registry client, for checking what a registry really holds.</summary>
public static class Skopeo
{
    /// <summary>The manifest digest skopeo reads for docker://<paramref name="host"/>/<paramref name="repo"/>:<paramref name="tag"/>.</summary>
    public static async Task<string> DigestAsync(string host, string repo, string tag)
    {
        var result = await ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", $"docker://{host}/{repo}:{tag}"]);
        result.EnsureSuccess();
        using var json = System.Text.Json.JsonDocument.Parse(result.StandardOutputText);
        return json.RootElement.GetProperty("Digest").GetString()!;
    }
}
