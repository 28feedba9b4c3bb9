using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Deploy.Docker;
using Slipway.Diagnostics;
using Slipway.Releases;
using Slipway.TestSupport;
using ContainerSpec = Slipway.Deploy.Docker.ContainerSpec;

namespace Slipway.Tests.Deploy;

/// <summary>
/// Containers started by an older Slipway carry io.slipway.* labels: every reader still sees what they run, and a
/// deploy of the digest they run leaves them alone.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class LegacyLabelTests : IAsyncLifetime
{
    private const string Service = "app";
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Tag = "main-20260101-120000";
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Endpoint = "unix:///var/run/docker.sock";
    private readonly string _environment = "legacy-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _image = "slipway-test/sleep:" + Guid.NewGuid().ToString("N")[..8];
    private readonly IDockerClient _docker = new DockerClientConfiguration(new Uri(Endpoint)).CreateClient();
    private readonly TempDir _dir = new();
    private string ContainerName => $"{Service}.{_environment}";

    public async Task InitializeAsync()
    {
        await ImportSleeperImageAsync();
        var created = await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = ContainerName,
            Image = _image,
            Labels = new Dictionary<string, string>
            {
                ["io.slipway.service"] = Service, ["io.slipway.env"] = _environment, ["io.slipway.digest"] = Digest,
                ["io.slipway.tag"] = Tag, ["io.slipway.commit"] = Commit,
            },
            StopTimeout = TimeSpan.FromSeconds(30),
            HostConfig = new HostConfig { RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped } },
        });
        await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
    }

    public async Task DisposeAsync()
    {
        await _docker.Containers.RemoveContainerAsync(ContainerName, new ContainerRemoveParameters { Force = true });
        await _docker.Images.DeleteImageAsync(_image, new ImageDeleteParameters { Force = true });
        _docker.Dispose();
        _dir.Dispose();
    }

    /// <summary>A few-MB image that only sleeps: /bin/sleep and the libraries it loads, imported from this machine.</summary>
    private async Task ImportSleeperImageAsync()
    {
        var tar = _dir.Combine("sleep.tar");
        (await Slipway.Processes.ProcessRunner.RunAsync("tar", ["-chf", tar, "-C", "/", "bin/sleep", "lib/x86_64-linux-gnu/libc.so.6",
            "lib64/ld-linux-x86-64.so.2"])).EnsureSuccess();
        await TestContainers.DockerAsync("import", "--change", "CMD [\"/bin/sleep\", \"infinity\"]", tar, _image);
    }

    private DockerHostSpec Host => new() { Name = "localhost", Endpoint = Endpoint };

    [Fact]
    public async Task Status_reads_the_digest_and_tag_of_a_container_with_the_old_labels()
    {
        using var ctx = new ChainContext
        {
            Catalog = Catalog(), Environment = _environment, Log = new MemoryBuildLog(),
            Paths = new WorkspacePaths(_dir.Combine(".slipway")), RecipeRoot = _dir.Path,
        };
        var readings = await new DockerLiveReader(new LiveReadSession(ctx, TimeSpan.FromSeconds(20), null)).ReadAsync(ctx.Target, Service, default);

        var reading = Assert.Single(readings);
        Assert.Equal((TargetState.Runs, Digest, Tag), (reading.State, reading.Digest?.Value, reading.Tag));
    }

    [Fact]
    public async Task Promote_takes_the_digest_a_container_with_the_old_labels_runs()
    {
        using var ctx = new ChainContext
        {
            Catalog = Catalog(), Environment = _environment, Log = new MemoryBuildLog(),
            Paths = new WorkspacePaths(_dir.Combine(".slipway")), RecipeRoot = _dir.Path,
        };

        var source = await SourceImageLocator.LocateAsync(ctx, Service, _environment);

        Assert.Equal((Digest, Tag, Commit), (source.Digest?.Value, source.Tag, source.Commit));
    }

    [Fact]
    public async Task A_deploy_of_the_spec_it_runs_leaves_it_alone_and_the_dry_run_diff_sees_no_label_change()
    {
        using var health = HealthyEndpoint.Start();
        var spec = new ContainerSpec
        {
            Name = ContainerName, Image = _image, Digest = Slipway.Registry.Digest.Parse(Digest, "test"),
            Environment = new Dictionary<string, string>(),
            Labels = new Dictionary<string, string>
            {
                [SlipwayLabels.Service] = Service, [SlipwayLabels.Environment] = _environment, [SlipwayLabels.Tag] = Tag,
                [SlipwayLabels.Digest] = Digest, [SlipwayLabels.Commit] = Commit,
            },
            HealthUrl = health.Url,
        };

        var running = await RunningContainerReader.ReadAsync(_docker, spec);
        Assert.Equal(Digest, running!.Digest?.Value);
        Assert.Equal(spec.Labels.OrderBy(l => l.Key), running.Labels.OrderBy(l => l.Key));
        Assert.Empty(spec.DifferencesFrom(running));

        var outcome = await new DockerHostDeployer(_docker, "localhost", new MemoryBuildLog()).DeployAsync(spec);
        Assert.Equal(HostDeployOutcome.Unchanged, outcome);
    }

    [Fact]
    public void A_manifest_annotated_with_the_old_names_still_records_its_tag()
    {
        var annotations = new Dictionary<string, string> { ["io.slipway.digest"] = Digest, ["io.slipway.tag"] = Tag };

        Assert.Equal(Tag, LiveReading.TagRecordedWith(annotations, Digest));
        Assert.Null(LiveReading.TagRecordedWith(annotations, "sha256:other"));
        Assert.Equal(Digest, SlipwayLabels.Read(new Dictionary<string, string> { [SlipwayLabels.Digest] = Digest, ["io.slipway.digest"] = "sha256:old" }, SlipwayLabels.Digest));
    }

    private Slipway.Catalog.Catalog Catalog() => CatalogLoader.LoadFromJson(new JsonObject
    {
        ["registries"] = new JsonObject { ["test"] = new JsonObject { ["url"] = "https://registry.test", ["namespace"] = "ncerepo" } },
        ["baseImages"] = new JsonObject { ["base"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm" } },
        ["defaults"] = new JsonObject { ["baseImage"] = "base" },
        ["environments"] = new JsonObject
        {
            [_environment] = new JsonObject
            {
                ["registry"] = "test", ["mode"] = "docker",
                ["docker"] = new JsonObject { ["hosts"] = new JsonArray(new JsonObject { ["name"] = "localhost", ["endpoint"] = Endpoint }) },
            },
        },
        ["services"] = new JsonObject
        {
            [Service] = new JsonObject
            {
                ["repository"] = ".", ["build"] = new JsonObject { ["type"] = "single" }, ["war"] = "target/app.war",
                ["port"] = 18481, ["healthPath"] = "/health", ["environments"] = new JsonObject { [_environment] = new JsonObject() },
            },
        },
    }.ToJsonString(), _dir.Path, "legacy-catalog.json", DeployModes.Shipped);
}
