using k8s;
using k8s.Models;
using Slipway.Catalog;
using Slipway.Deploy.StaticPod;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Tests.Deploy;

/// <summary>Static-pod mode against a real bare git repository: commits, concurrent pushes, no-op re-deploys.</summary>
public sealed class StaticPodTests : IDisposable
{
    private const string Digest = "sha256:3f1c0e4d1b0f8a5e4e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f";
    private readonly TempDir _dir = new();
    private readonly MemoryBuildLog _log = new();
    private readonly string _bare;

    public StaticPodTests()
    {
        _bare = _dir.Combine("manifests.git");
        ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", _bare]).GetAwaiter().GetResult().EnsureSuccess();
    }

    public void Dispose() => _dir.Dispose();

    private static PodInputs Pod(string digest = Digest, string tag = "main-20261125-065736") => new()
    {
        Service = "greeting-web", Environment = "test", Image = $"127.0.0.1:5055/ncerepo/greeting-web@{digest}",
        Digest = digest, Tag = tag, Commit = "0123456789abcdef0123456789abcdef01234567", Port = 18080,
        HealthPath = "/health", Conf = "test", Xms = "64m", Xmx = "192m", JavaOpts = "-Dx=y",
    };

    private ManifestRepository Repository(string work = "work", Func<int, Task>? beforePush = null) =>
        new(_bare, "main", _dir.Combine(work), _log) { Actor = "ada@example.test", BeforePush = beforePush };

    private static readonly StaticPodNodeSpec[] Nodes = [new() { Name = "node-1" }, new() { Name = "node-2" }];

    private async Task<string> Git(params string[] args)
    {
        var r = await ProcessRunner.RunAsync("git", args);
        r.EnsureSuccess();
        return r.StandardOutputText.Trim();
    }

    [Fact]
    public async Task Each_node_gets_a_pushed_commit_with_a_valid_Pod_by_digest()
    {
        var results = await new StaticPodDeployer(Repository(), _log).DeployAsync(Nodes, _ => Pod());

        Assert.Equal(["node-1", "node-2"], results.Select(r => r.Node));
        Assert.All(results, r => Assert.NotNull(r.Commit));
        // Node by node: one commit each, node-1 first.
        var subjects = (await Git("--git-dir", _bare, "log", "--format=%s", "main")).Split('\n');
        Assert.Equal(["Deploy greeting-web main-20261125-065736 to node-2 (test)", "Deploy greeting-web main-20261125-065736 to node-1 (test)"], subjects);
        var body = await Git("--git-dir", _bare, "log", "-1", "--format=%B%n%an", "main");
        Assert.Contains($"digest: {Digest}", body);
        Assert.Contains("by: ada@example.test", body);
        Assert.Contains("service: greeting-web", body);

        var yaml = await Git("--git-dir", _bare, "show", "main:node-1/greeting-web.yaml");
        var pod = KubernetesYaml.Deserialize<V1Pod>(yaml);
        Assert.Equal("v1", pod.ApiVersion);
        Assert.Equal("Pod", pod.Kind);
        Assert.Equal("greeting-web", pod.Metadata.Name);
        Assert.Equal("greeting-web", pod.Metadata.Labels["nce-app"]);
        Assert.Equal(Digest, pod.Metadata.Annotations["slipway.io/digest"]);
        Assert.True(pod.Spec.HostNetwork);
        var container = Assert.Single(pod.Spec.Containers);
        Assert.Equal($"127.0.0.1:5055/ncerepo/greeting-web@{Digest}", container.Image);
        Assert.Equal("18080", container.Env.Single(e => e.Name == "NCE_PORT").Value);
        Assert.Equal("192m", container.Env.Single(e => e.Name == "NCE_XMX").Value);
        Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("18080", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal(["sleep", "5"], container.Lifecycle.PreStop.Exec.Command);
        Assert.Equal("320Mi", container.Resources.Limits["memory"].ToString());
    }

    [Fact]
    public async Task A_push_by_someone_else_between_fetch_and_push_is_rebased_and_retried()
    {
        var other = _dir.Combine("other");
        await Git("clone", "-q", _bare, other);
        var pushedByOther = 0;
        async Task SomeoneElsePushes(int attempt)
        {
            if (attempt != 1) return;
            await File.WriteAllTextAsync(Path.Combine(other, "README.md"), $"edited by someone else {pushedByOther++}\n");
            await Git("-C", other, "add", "README.md");
            await Git("-C", other, "-c", "user.name=Bob", "-c", "user.email=bob@example.test", "commit", "-q", "-m", "Someone else's change");
            await Git("-C", other, "push", "-q", "origin", "HEAD:refs/heads/main");
        }

        await new StaticPodDeployer(Repository(beforePush: SomeoneElsePushes), _log).DeployAsync([Nodes[0]], _ => Pod());

        Assert.Equal(1, pushedByOther);
        Assert.Contains(_log.Lines, l => l.Contains("rejected (someone pushed first): rebasing"));
        var subjects = (await Git("--git-dir", _bare, "log", "--format=%s", "main")).Split('\n');
        Assert.Equal(["Deploy greeting-web main-20261125-065736 to node-1 (test)", "Someone else's change"], subjects);
        Assert.Equal("edited by someone else 0", (await Git("--git-dir", _bare, "show", "main:README.md")).Trim());
    }

    [Fact]
    public async Task Deploying_the_same_digest_again_makes_no_commit_and_a_new_digest_does()
    {
        await new StaticPodDeployer(Repository(), _log).DeployAsync(Nodes, _ => Pod());
        var head = await Git("--git-dir", _bare, "rev-parse", "main");

        // A fresh working copy (another build machine) and the same working copy both see nothing to do.
        var again = await new StaticPodDeployer(Repository("work-2"), _log).DeployAsync(Nodes, _ => Pod());
        Assert.All(again, r => Assert.Null(r.Commit));
        await new StaticPodDeployer(Repository(), _log).DeployAsync(Nodes, _ => Pod());
        Assert.Equal(head, await Git("--git-dir", _bare, "rev-parse", "main"));

        const string newDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
        await new StaticPodDeployer(Repository(), _log).DeployAsync(Nodes, _ => Pod(newDigest, "main-20261126-000000"));
        Assert.Equal("2", await Git("--git-dir", _bare, "rev-list", "--count", $"{head}..main"));
        Assert.Contains(newDigest, await Git("--git-dir", _bare, "show", "main:node-2/greeting-web.yaml"));
    }

    [Fact]
    public async Task A_node_that_never_gets_healthy_gets_its_previous_manifest_back_and_the_rollout_stops_there()
    {
        await new StaticPodDeployer(Repository(), _log).DeployAsync(Nodes, _ => Pod());
        var before = await Git("--git-dir", _bare, "show", "main:node-1/greeting-web.yaml");
        var unreachable = new StaticPodNodeSpec { Name = "node-1", Address = "127.0.0.1" }; // nothing listens on the port

        var deployer = new StaticPodDeployer(Repository(), _log) { HealthTimeout = TimeSpan.FromSeconds(2) };
        var error = await Assert.ThrowsAsync<SlipwayException>(() =>
            deployer.DeployAsync([unreachable, Nodes[1]], node => Pod("sha256:" + new string('2', 64), "main-20261127-000000") with { Port = FreePort.Next() }));

        Assert.Contains("node 'node-1'", error.Message);
        Assert.Equal(before, await Git("--git-dir", _bare, "show", "main:node-1/greeting-web.yaml"));
        Assert.DoesNotContain(new string('2', 64), await Git("--git-dir", _bare, "show", "main:node-2/greeting-web.yaml"));
        Assert.StartsWith("Revert greeting-web on node-1", await Git("--git-dir", _bare, "log", "-1", "--format=%s", "main"));
    }

    [Fact]
    public void Rendered_manifest_is_stable_and_labels_are_valid()
    {
        Assert.Equal(StaticPodRenderer.RenderYaml(Pod()), StaticPodRenderer.RenderYaml(Pod()));
        Assert.Equal("feature-x-20261125-065736", StaticPodRenderer.LabelValue("feature/x-20261125-065736"));
        Assert.Equal(1024, PodResources.MebiBytes("1g"));
        Assert.Throws<SlipwayException>(() => PodResources.MebiBytes("lots"));
    }
}
