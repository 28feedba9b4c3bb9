using System.Text.Json.Nodes;
using Slipway.Chain;
using Slipway.Processes;
using Slipway.Releases;

namespace Slipway.Tests.Releases;

/// <summary>
/// Issue 15, item 0, through the command line on two docker stages of the local engine: Deploy into a stage with promoteFrom
/// never builds or pushes; it takes the commit's image its predecessor runs or ran, else refuses naming the predecessor, what
/// it runs and the Promote command. --force-build is refused there; --force takes an image the predecessor never ran, recorded.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ReceivingStageTests
{
    private const string First = "recv";
    private const string Next = "recv-next";

    [Fact]
    public async Task Deploy_into_a_later_stage_receives_the_predecessors_image_and_never_builds()
    {
        var nextPort = FreePort.Next();
        await using var chain = await LocalChain.StartTwoStagesAsync(First, Next, nextPort);
        var catalog = Path.Combine(chain.Folder, "recv-services.json");
        await File.WriteAllTextAsync(catalog, chain.CatalogText);
        Task<ProcessResult> Cli(params string[] args) =>
            BuildCli.RunAsync([.. args, "--service", LocalChain.Service, "--catalog", catalog, "--state-directory", chain.Paths.Root]);
        var nextContainer = Slipway.Deploy.Docker.ContainerSpecFactory.ContainerName(LocalChain.Service, Next);
        var repository = $"{First}/{LocalChain.Service}";
        using var registry = chain.RegistryClient();

        // Nothing ran in the first stage: refused, and nothing was built, pushed, recorded or started.
        var refused = await Cli("Deploy", "--env", Next);
        Assert.True(refused.ExitCode != 0, refused.Output());
        Assert.Contains($"it receives images from '{First}' (promoteFrom in the catalog) and never builds", refused.Output());
        Assert.Contains($"'{First}' runs nothing of {LocalChain.Service}", refused.Output());
        Assert.Empty(await registry.ListTagsAsync(repository));
        Assert.Empty((await chain.LedgerAsync(Next)));
        Assert.Null(await ContainerAsync(chain, nextContainer));

        var forceBuild = await Cli("Deploy", "--env", Next, "--force-build");
        Assert.True(forceBuild.ExitCode != 0, forceBuild.Output());
        Assert.Contains($"--force-build: would build for '{Next}'", forceBuild.Output());
        Assert.Contains($"./build.sh Deploy --env {First}", forceBuild.Output());

        // v1 runs in the first stage; the tip moves on to v2, which the first stage never ran.
        var deployed = await Cli("Deploy", "--env", First);
        Assert.True(deployed.ExitCode == 0, deployed.Output());
        var v1 = Assert.Single((await chain.LedgerAsync(First)), e => e.Action == LedgerActions.Deploy);
        var v2Commit = await chain.Source.CommitAsync("v2", ("greeting-web/src/main/resources/local/app.properties", "greeting.message=hello from v2\n"));
        var tagsBefore = await registry.ListTagsAsync(repository);

        var tipRefused = await Cli("Deploy", "--env", Next);
        Assert.True(tipRefused.ExitCode != 0, tipRefused.Output());
        Assert.Contains($"commit {v2Commit[..12]} to '{Next}'", tipRefused.Output());
        Assert.Contains($"'{First}' runs {v1.Digest}", tipRefused.Output());
        Assert.Contains($"./build.sh Promote --service {LocalChain.Service} --from {First} --to {Next}", tipRefused.Output());
        Assert.Equal(tagsBefore, await registry.ListTagsAsync(repository));
        Assert.Null(await ContainerAsync(chain, nextContainer));

        // The commit the first stage runs is received: same digest, promoted and deployed, nothing built.
        var received = await Cli("Deploy", "--env", Next, "--commit", v1.Commit!);
        Assert.True(received.ExitCode == 0, received.Output());
        Assert.Matches(@"MavenPackage\s*\|\s*Skipped", received.Output());
        Assert.Matches(@"Push\s*\|\s*Skipped", received.Output());
        var nextHistory = (await chain.LedgerAsync(Next));
        Assert.Equal([(LedgerActions.Promote, v1.Digest, false), (LedgerActions.Deploy, v1.Digest, false)],
            nextHistory.Select(e => (e.Action, e.Digest, e.Forced)));
        Assert.Equal(v1.Digest, (await ContainerAsync(chain, nextContainer))!.Labels["slipway.io/digest"]);

        // v2 pushed in the first stage but never deployed there: refused without --force, received and recorded as forced with it.
        var pushed = await BuildCli.RunAsync("Push", "--env", First, "--service", LocalChain.Service, "--catalog", catalog,
            "--state-directory", chain.Paths.Root);
        Assert.True(pushed.ExitCode == 0, pushed.Output());
        var v2 = ((await chain.LedgerAsync(First))).Last(e => e.Action == LedgerActions.Push && e.Commit == v2Commit);
        var unforced = await Cli("Deploy", "--env", Next);
        Assert.True(unforced.ExitCode != 0, unforced.Output());
        Assert.Contains($"or pass --force to take it from '{First}'", unforced.Output());
        var forced = await Cli("Deploy", "--env", Next, "--force");
        Assert.True(forced.ExitCode == 0, forced.Output());
        var last = ((await chain.LedgerAsync(Next))).TakeLast(2).ToList();
        Assert.Equal([(LedgerActions.Promote, v2.Digest, true), (LedgerActions.Deploy, v2.Digest, false)],
            last.Select(e => (e.Action, e.Digest, e.Forced)));
        Assert.Equal(v2.Digest, (await ContainerAsync(chain, nextContainer))!.Labels["slipway.io/digest"]);
    }

    private static async Task<Docker.DotNet.Models.ContainerListResponse?> ContainerAsync(LocalChain chain, string name)
    {
        var all = await chain.Docker.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters { All = true });
        return all.FirstOrDefault(c => c.Names.Any(n => n.TrimStart('/') == name));
    }
}
