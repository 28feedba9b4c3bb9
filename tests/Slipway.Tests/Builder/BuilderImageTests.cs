using System.Diagnostics;
using Slipway.Builder;
using Slipway.Diagnostics;
using Slipway.Processes;
using Xunit.Abstractions;

namespace Slipway.Tests.Builder;

/// <summary>
/// The builder image, for real: built from the base image (publish + apt-get + docker build), then the whole chain
/// runs inside it with the engine's socket mounted and host networking. Long (a few minutes); it runs in ./build.sh Test.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class BuilderImageTests(ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    [Trait("Cost", "Long")]
    public async Task The_sample_builds_and_deploys_to_a_docker_environment_from_inside_the_builder_image()
    {
        var tag = "slipway-test/builder:" + Guid.NewGuid().ToString("N")[..8];
        await using var chain = await LocalChain.StartAsync();
        var log = new MemoryBuildLog();
        try
        {
            var watch = Stopwatch.StartNew();
            await BuilderImageRecipe.BuildAsync(RepoRoot.Path, "slipway/tomcat10-jre17:bookworm", tag, log);
            var buildTime = watch.Elapsed;

            var catalog = Path.Combine(chain.Folder, "builder-services.json");
            await File.WriteAllTextAsync(catalog, chain.CatalogText);
            watch.Restart();
            var run = await ProcessRunner.RunAsync(TestContainers.Docker,
            [
                "run", "--rm", "--network", "host", "-v", "/var/run/docker.sock:/var/run/docker.sock",
                "-v", $"{RepoRoot.Path}:{RepoRoot.Path}", "-v", $"{chain.Folder}:{chain.Folder}", "-w", RepoRoot.Path,
                tag, "Deploy", "--env", chain.Environment, "--catalog", catalog,
                "--state-directory", Path.Combine(chain.Folder, "state-builder"),
            ], options: new ProcessRunOptions { TailLines = 2000 });
            var chainTime = watch.Elapsed;
            output.WriteLine($"builder image build {buildTime.TotalSeconds:F0} s, chain inside it {chainTime.TotalSeconds:F0} s");
            var text = run.StandardOutputText + "\n" + run.StandardErrorText;
            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}:\n{text}");
            Assert.Contains("pushed", text);

            Assert.Equal(200, (int)(await Http.GetAsync($"http://127.0.0.1:{chain.Port}/health")).StatusCode);
            var container = await chain.ContainerAsync();
            Assert.NotNull(container);
            Assert.StartsWith("sha256:", container!.Labels["slipway.io/digest"]);
        }
        finally
        {
            await ProcessRunner.RunAsync(TestContainers.Docker, ["rmi", tag]);
            output.WriteLine(log.Text.Length > 4000 ? log.Text[^4000..] : log.Text);
        }
    }
}
