using System.Formats.Tar;
using System.Security.Cryptography;
using Slipway.Images;

namespace Slipway.Tests.Images;

public sealed class ImageRecipeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("slipway-img-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Exploded()
    {
        var root = Path.Combine(_dir, "war");
        foreach (var (path, content) in new[]
                 {
                     ("WEB-INF/lib/greeting-lib.jar", "jar"), ("WEB-INF/classes/io/App.class", "class"),
                     ("WEB-INF/classes/app.properties", "m=default"), ("WEB-INF/classes/local/app.properties", "m=local"),
                     ("WEB-INF/classes/localisation.txt", "not a config folder"), ("index.html", "<html/>"),
                 })
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        File.WriteAllText(Path.Combine(_dir, "start.sh"), "#!/bin/bash\n");
        return root;
    }

    private static ImageLabels Labels() => new("greeting-web", "abc123", "https://example/repo", "1.2.3",
        new DateTimeOffset(2026, 11, 25, 14, 57, 36, TimeSpan.Zero), "main-20261125-145736", "commit-abc123-0011aabb");

    [Fact]
    public void Layers_are_ordered_by_change_frequency_and_config_folders_are_split_out()
    {
        var layers = AppLayout.Split(Exploded(), ["local", "staging"], Path.Combine(_dir, "start.sh"), new ImageLayout());
        Assert.Equal(["start", "lib", "classes", "web", "config"], layers.Select(l => l.Name));
        Assert.True(layers[0].Files.Single().Executable);
        Assert.Equal("/opt/slipway", layers[0].Destination);
        Assert.Equal("root:root", layers[0].Owner);
        Assert.Equal(["WEB-INF/lib/greeting-lib.jar"], layers[1].Files.Select(f => f.RelativePath));
        Assert.Equal(["WEB-INF/classes/app.properties", "WEB-INF/classes/io/App.class", "WEB-INF/classes/localisation.txt"],
            layers[2].Files.Select(f => f.RelativePath));
        Assert.Equal(["index.html"], layers[3].Files.Select(f => f.RelativePath));
        Assert.Equal(["WEB-INF/classes/local/app.properties"], layers[4].Files.Select(f => f.RelativePath));
        Assert.All(layers.Skip(1), l => Assert.Equal("tomcat:tomcat", l.Owner));
    }

    [Fact]
    public void The_dockerfile_puts_all_metadata_before_the_first_copy()
    {
        var layers = AppLayout.Split(Exploded(), ["local"], Path.Combine(_dir, "start.sh"), new ImageLayout());
        var dockerfile = DockerfileGenerator.Generate("slipway/tomcat10-jre17:bookworm", Labels(), layers, new ImageLayout());
        var instructions = dockerfile.Replace("\\\n", " ").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("FROM slipway/tomcat10-jre17:bookworm", instructions[0]);
        Assert.StartsWith("LABEL ", instructions[1]);
        Assert.Single(instructions, i => i.StartsWith("LABEL"));
        Assert.Contains("org.opencontainers.image.revision=\"abc123\"", instructions[1]);
        Assert.Contains("org.opencontainers.image.version=\"1.2.3\"", instructions[1]);
        Assert.Equal("ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"]", instructions[2]);
        Assert.Equal("CMD [\"/opt/slipway/start.sh\"]", instructions[3]);
        Assert.All(instructions[4..], i => Assert.StartsWith("COPY", i));
        Assert.Equal(9, instructions.Length);
        Assert.Contains("COPY --chown=tomcat:tomcat layers/classes/ /var/lib/tomcat10/webapps/ROOT/", instructions);
    }

    [Fact]
    public void A_layer_tar_is_byte_identical_for_identical_input_and_normalized()
    {
        var layers = AppLayout.Split(Exploded(), ["local"], Path.Combine(_dir, "start.sh"), new ImageLayout());
        var classes = layers.Single(l => l.Name == "classes");
        var first = LayerTarWriter.Write(classes, 999, 998);
        foreach (var f in classes.Files) File.SetLastWriteTimeUtc(f.SourcePath, DateTime.UtcNow.AddDays(-3));
        var second = LayerTarWriter.Write(classes, 999, 998);
        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.DiffId, second.DiffId);
        Assert.Equal(first.Compressed, second.Compressed);

        using var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(first.Compressed), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new TarReader(gunzip);
        var names = new List<string>();
        while (reader.GetNextEntry() is PaxTarEntry entry)
        {
            names.Add(entry.Name);
            Assert.Equal((999, 998), (entry.Uid, entry.Gid));
            Assert.Equal(LayerTarWriter.FixedTime, entry.ModificationTime);
            Assert.Equal("", entry.UserName);
            Assert.DoesNotContain("atime", entry.ExtendedAttributes.Keys);
            Assert.DoesNotContain("ctime", entry.ExtendedAttributes.Keys);
            var expected = entry.EntryType == TarEntryType.Directory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100;
            Assert.Equal(expected, entry.Mode);
        }
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(
        [
            "var/lib/tomcat10/webapps/ROOT/", "var/lib/tomcat10/webapps/ROOT/WEB-INF/", "var/lib/tomcat10/webapps/ROOT/WEB-INF/classes/",
            "var/lib/tomcat10/webapps/ROOT/WEB-INF/classes/app.properties", "var/lib/tomcat10/webapps/ROOT/WEB-INF/classes/io/",
            "var/lib/tomcat10/webapps/ROOT/WEB-INF/classes/io/App.class", "var/lib/tomcat10/webapps/ROOT/WEB-INF/classes/localisation.txt",
        ], names);
    }

    [Fact]
    public void The_start_layer_is_root_owned_and_executable()
    {
        var layers = AppLayout.Split(Exploded(), ["local"], Path.Combine(_dir, "start.sh"), new ImageLayout());
        using var tar = new MemoryStream();
        LayerTarWriter.WriteTar(tar, layers[0], 0, 0);
        tar.Position = 0;
        using var reader = new TarReader(tar);
        var dir = reader.GetNextEntry()!;
        var script = reader.GetNextEntry()!;
        Assert.Equal("opt/slipway/", dir.Name);
        Assert.Equal("opt/slipway/start.sh", script.Name);
        Assert.True(script.Mode.HasFlag(UnixFileMode.OtherExecute));
        Assert.Null(reader.GetNextEntry());
    }
}
