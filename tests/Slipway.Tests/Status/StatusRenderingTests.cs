using Slipway.Status;

namespace Slipway.Tests.Status;

public sealed class StatusRenderingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 14, 57, 36, TimeSpan.Zero);
    private const string Good = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Rogue = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static StatusMatrix Matrix() => new(["greeting-web", "nce-api"], ["local", "local-staging"],
    [
        new StatusCell
        {
            Service = "greeting-web", Environment = "local", Tag = "main-20261125-145736", Digest = Good, LiveDigest = Good,
            DeployedAt = At, DeployedBy = "ada@build-1",
            History = [new StatusEvent(At, "ada@build-1", "deploy", "main-20261125-145736", Good, "succeeded")],
        },
        new StatusCell
        {
            Service = "greeting-web", Environment = "local-staging", Tag = "hotfix-20261125-150000", Digest = Rogue, LiveDigest = Rogue,
            DeployedAt = At.AddMinutes(3), DeployedBy = "bob@laptop",
            Drift = [DriftKind.NotFromPredecessor], DriftNotes = ["runs 222222222222 but local never had it"],
        },
    ], At);

    [Fact]
    public void The_text_matrix_shows_tag_digest_who_and_drift()
    {
        var text = StatusTextRenderer.Render(Matrix());
        Assert.Contains("local          main-20261125-145736", text);
        Assert.Contains("111111111111  2026-11-25 14:57 UTC by ada@build-1", text);
        Assert.Contains("DRIFT: runs 222222222222 but local never had it", text);
        Assert.Contains("1 cell(s) drift.", text);
    }

    [Fact]
    public async Task The_html_page_is_self_contained_and_renders_the_matrix_in_chromium()
    {
        using var dir = new TempDir();
        var html = StatusHtmlRenderer.Render(Matrix());
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<link", html);
        var page = dir.Combine("status.html");
        await File.WriteAllTextAsync(page, html);

        var dom = await HeadlessChromium.DumpDomAsync(page);
        Assert.Contains("<td class=\"drift\"", dom);
        Assert.Contains("main-20261125-145736", dom);
        Assert.Contains("runs 222222222222 but local never had it", dom);

        var png = dir.Combine("status.png");
        await HeadlessChromium.ScreenshotAsync(page, png);
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 5000, $"screenshot is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }
}
