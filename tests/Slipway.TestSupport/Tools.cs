using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>The docker CLI and skopeo, run with argument arrays.</summary>
public static class Tools
{
    public const string Docker = "/usr/bin/docker";

    public static async Task RunAsync(string program, params string[] args)
    {
        var r = await ProcessRunner.RunAsync(program, args);
        r.EnsureSuccess();
    }

    /// <summary>Runs and ignores failure (cleanup of what may not exist).</summary>
    public static async Task TryAsync(string program, params string[] args)
    {
        try { await ProcessRunner.RunAsync(program, args); } catch { /* best effort */ }
    }

    public static async Task<string> OutputAsync(string program, params string[] args)
    {
        var r = await ProcessRunner.RunAsync(program, args);
        r.EnsureSuccess();
        return r.StandardOutputText.Trim();
    }
}
