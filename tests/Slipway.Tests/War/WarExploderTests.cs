using System.IO.Compression;
using Slipway.Diagnostics;
using Slipway.War;

namespace Slipway.Tests.War;

public sealed class WarExploderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("slipway-war-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string MakeWar(Action<ZipArchive> fill)
    {
        var path = Path.Combine(_dir, $"app-{Guid.NewGuid():N}.war");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) fill(zip);
        return path;
    }

    private static void Add(ZipArchive zip, string name, string content, int? unixMode = null)
    {
        var entry = zip.CreateEntry(name);
        if (unixMode is { } mode) entry.ExternalAttributes = mode << 16;
        using var writer = new StreamWriter(entry.Open());
        writer.Write(content);
    }

    [Fact]
    public void A_normal_war_is_unpacked_with_its_folders()
    {
        var war = MakeWar(z => { Add(z, "WEB-INF/web.xml", "<web-app/>"); Add(z, "WEB-INF/classes/app.properties", "a=1"); Add(z, "index.html", "hi"); });
        var result = WarExploder.Explode(war, Path.Combine(_dir, "out"));
        Assert.Equal(3, result.Files);
        Assert.Equal("a=1", File.ReadAllText(Path.Combine(_dir, "out", "WEB-INF", "classes", "app.properties")));
    }

    [Theory]
    [InlineData("../evil.txt", "..")]
    [InlineData("WEB-INF/../../evil.txt", "..")]
    [InlineData("/etc/evil.txt", "absolute")]
    [InlineData("C:/evil.txt", "absolute")]
    [InlineData("WEB-INF\\..\\evil.txt", "absolute")]
    public void Entries_that_escape_the_target_are_rejected_by_name_and_nothing_is_written(string name, string problem)
    {
        var war = MakeWar(z => { Add(z, "index.html", "ok"); Add(z, name, "x"); });
        var target = Path.Combine(_dir, "out");
        var error = Assert.Throws<SlipwayException>(() => WarExploder.Explode(war, target));
        Assert.Contains(name, error.Message);
        Assert.Contains(problem, error.Message);
        Assert.False(Directory.Exists(target));
        Assert.False(File.Exists(Path.Combine(_dir, "evil.txt")));
    }

    [Fact]
    public void A_symbolic_link_entry_is_rejected()
    {
        var war = MakeWar(z => Add(z, "WEB-INF/link", "/etc/passwd", unixMode: 0xA1FF));
        var error = Assert.Throws<SlipwayException>(() => WarExploder.Explode(war, Path.Combine(_dir, "out")));
        Assert.Contains("symbolic link", error.Message);
        Assert.Contains("WEB-INF/link", error.Message);
    }

    [Fact]
    public void An_archive_that_expands_past_the_limit_is_rejected_and_leaves_nothing()
    {
        var war = MakeWar(z => { Add(z, "a.txt", new string('a', 5000)); Add(z, "b.txt", new string('b', 5000)); });
        var target = Path.Combine(_dir, "out");
        var error = Assert.Throws<SlipwayException>(() =>
            WarExploder.Explode(war, target, new WarLimits { MaxTotalBytes = 6000 }));
        Assert.Contains("limit", error.Message);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void A_highly_compressed_entry_counts_as_a_zip_bomb()
    {
        var war = MakeWar(z => Add(z, "bomb.txt", new string('0', 8 * 1024 * 1024)));
        var error = Assert.Throws<SlipwayException>(() => WarExploder.Explode(war, Path.Combine(_dir, "out")));
        Assert.Contains("zip bomb", error.Message);
    }

    [Fact]
    public void A_missing_war_names_the_path_and_the_fix()
    {
        var error = Assert.Throws<SlipwayException>(() => WarExploder.Explode(Path.Combine(_dir, "none.war"), Path.Combine(_dir, "out")));
        Assert.Contains("none.war", error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("Fix:", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_a_clear_error()
    {
        var path = Path.Combine(_dir, "broken.war");
        File.WriteAllText(path, "not a zip");
        var error = Assert.Throws<SlipwayException>(() => WarExploder.Explode(path, Path.Combine(_dir, "out")));
        Assert.Contains("not a valid zip", error.Message);
    }

    [Fact]
    public void Exploding_again_replaces_the_previous_tree()
    {
        var target = Path.Combine(_dir, "out");
        WarExploder.Explode(MakeWar(z => Add(z, "old.txt", "1")), target);
        WarExploder.Explode(MakeWar(z => Add(z, "new.txt", "2")), target);
        Assert.False(File.Exists(Path.Combine(target, "old.txt")));
        Assert.True(File.Exists(Path.Combine(target, "new.txt")));
    }
}
