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
    public void The_build_context_is_byte_identical_for_identical_input_and_normalized()
    {
        var layers = AppLayout.Split(Exploded(), ["local"], Path.Combine(_dir, "start.sh"), new ImageLayout());
        byte[] Write() { using var ms = new MemoryStream(); BuildContext.Write(ms, "FROM x\n", layers); return ms.ToArray(); }
        var first = Write();
        File.SetLastWriteTimeUtc(layers[0].Files[0].SourcePath, DateTime.UtcNow.AddDays(-3));
        Assert.Equal(SHA256.HashData(first), SHA256.HashData(Write()));

        using var reader = new TarReader(new MemoryStream(first));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            Assert.Equal(0, entry.Uid);
            Assert.Equal(BuildContext.FixedTime, entry.ModificationTime);
            if (entry.Name == "layers/start/start.sh") Assert.True(entry.Mode.HasFlag(UnixFileMode.OtherExecute));
        }
        Assert.Contains("Dockerfile", names);
        Assert.Contains("layers/config/WEB-INF/classes/local/app.properties", names);
    }
}
