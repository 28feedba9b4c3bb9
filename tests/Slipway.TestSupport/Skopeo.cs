using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>skopeo, an independent registry client, for checking what a registry really holds.</summary>
public static class Skopeo
{
    /// <summary>The manifest digest skopeo reads for docker://<paramref name="host"/>/<paramref name="repo"/>:<paramref name="tag"/>.</summary>
    public static Task<string> DigestAsync(string host, string repo, string tag) =>
        InspectAsync(["--tls-verify=false"], host, repo, tag);

    /// <summary>
    /// The digest skopeo reads over HTTPS, verifying the registry's certificate against <paramref name="caFile"/> only
    /// (a certs dir holding it as ca.crt) and logging in with <paramref name="user"/>:<paramref name="password"/>
    /// (passed through an auth file, never on the command line).
    /// </summary>
    public static async Task<string> DigestOverTlsAsync(string host, string repo, string tag, string caFile, string user, string password)
    {
        using var dir = new TempDir();
        var certs = Directory.CreateDirectory(dir.Combine("certs")).FullName;
        File.Copy(caFile, Path.Combine(certs, "ca.crt"));
        var authFile = dir.Combine("auth.json");
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["auths"] = new System.Text.Json.Nodes.JsonObject { [host] = new System.Text.Json.Nodes.JsonObject { ["auth"] = auth } },
        };
        await File.WriteAllTextAsync(authFile, json.ToJsonString());
        return await InspectAsync(["--tls-verify=true", "--cert-dir", certs, "--authfile", authFile], host, repo, tag);
    }

    /// <summary>The digest and the platform (os/architecture[/variant]) skopeo reads for a plain-http loopback image.</summary>
    public static async Task<(string Digest, string Platform)> PlatformAsync(string host, string repo, string tag)
    {
        using var json = await InspectJsonAsync(["--tls-verify=false"], host, repo, tag);
        var root = json.RootElement;
        var variant = root.TryGetProperty("Variant", out var v) && v.GetString() is { Length: > 0 } text ? "/" + text : "";
        return (root.GetProperty("Digest").GetString()!, $"{root.GetProperty("Os").GetString()}/{root.GetProperty("Architecture").GetString()}{variant}");
    }

    /// <summary>Copies docker://<paramref name="host"/>/<paramref name="repo"/>:<paramref name="tag"/> into <paramref name="dir"/> (skopeo's dir: layout); false when skopeo fails.</summary>
    public static async Task<bool> CopyToDirAsync(string host, string repo, string tag, string dir)
    {
        var result = await ProcessRunner.RunAsync("skopeo", ["copy", "--src-tls-verify=false", $"docker://{host}/{repo}:{tag}", $"dir:{dir}"]);
        return result.Succeeded;
    }

    /// <summary>
    /// Copies docker://<paramref name="source"/> to docker://<paramref name="destination"/> (plain-http loopback registries)
    /// as an operator would by hand: the image only, none of its cosign attachments.
    /// </summary>
    public static async Task CopyAsync(string source, string destination) =>
        (await ProcessRunner.RunAsync("skopeo", ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{source}", $"docker://{destination}"]))
        .EnsureSuccess();

    private static async Task<string> InspectAsync(string[] options, string host, string repo, string tag)
    {
        using var json = await InspectJsonAsync(options, host, repo, tag);
        return json.RootElement.GetProperty("Digest").GetString()!;
    }

    private static async Task<System.Text.Json.JsonDocument> InspectJsonAsync(string[] options, string host, string repo, string tag)
    {
        var result = await ProcessRunner.RunAsync("skopeo", ["inspect", .. options, $"docker://{host}/{repo}:{tag}"]);
        result.EnsureSuccess();
        return System.Text.Json.JsonDocument.Parse(result.StandardOutputText);
    }
}
