using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>Debian's Chromium, headless, with the flags that keep it off the network: renders a local page to a PNG or its DOM.</summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static List<string> Flags(string profile) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        $"--user-data-dir={profile}",
    ];

    public static async Task<string> DumpDomAsync(string htmlFile)
    {
        using var profile = new TempDir();
        var args = Flags(profile.Path);
        args.AddRange(["--dump-dom", new Uri(htmlFile).AbsoluteUri]);
        var result = await ProcessRunner.RunAsync(Executable, args, options: new ProcessRunOptions { TailLines = 100_000 });
        result.EnsureSuccess();
        return result.StandardOutputText;
    }

    public static async Task ScreenshotAsync(string htmlFile, string pngFile, int width = 1200, int height = 500)
    {
        using var profile = new TempDir();
        var args = Flags(profile.Path);
        args.AddRange([$"--screenshot={pngFile}", $"--window-size={width},{height}", new Uri(htmlFile).AbsoluteUri]);
        (await ProcessRunner.RunAsync(Executable, args)).EnsureSuccess();
    }
}
