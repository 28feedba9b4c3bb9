using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Registry;
using Slipway.Releases;
using Slipway.Tests.Registry;

namespace Slipway.Tests.Reliability;

/// <summary>
/// A real docker-registry killed with SIGKILL while a blob upload is on the wire (held there by
/// <see cref="PauseMidUploadHandler"/> until the registry has written part of it to disk): restarted on the same port and
/// storage, the push completes; left down, the push fails clearly and no tag points at an incomplete image.
/// </summary>
public sealed class RegistryOutageTests
{
    private const int LayerSize = 24 << 20;
    private const long PauseAt = 8 << 20;

    private static RegistryClientOptions Options(PauseMidUploadHandler handler, IBuildLog log, int attempts) => new()
    {
        PrimaryHandler = handler,
        Log = log,
        Retry = new RegistryRetryOptions { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
    };

    /// <summary>Kills the registry once its storage holds part of an upload to <paramref name="repo"/>; completes with the killed pid.</summary>
    private static (PauseMidUploadHandler Handler, Task<int> Killed) KillMidUpload(TestRegistry registry, string repo)
    {
        var killed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new PauseMidUploadHandler(PauseAt, async () =>
        {
            var pid = registry.ProcessId!.Value;
            await RegistryStorage.WaitForUploadDataAsync(registry, repo);
            await registry.StopAsync(); // SIGKILL: the upload in flight is cut off
            killed.SetResult(pid);
        });
        return (handler, killed.Task);
    }

    [Fact]
    public async Task A_registry_killed_mid_upload_and_restarted_on_the_same_storage_gets_the_whole_push()
    {
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        var repo = RegistryFixture.Repo("killed");
        var image = TestImage.Create(layerCount: 1, layerSize: LayerSize);
        var (handler, killed) = KillMidUpload(registry, repo);
        var log = new MemoryBuildLog();
        using var client = new RegistryClient(registry.Url, insecure: true, options: Options(handler, log, attempts: 10));

        var push = image.PushAsync(client, repo, "v1");
        var killedPid = await killed.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(await LocalRegistryServer.AnswersAsync(registry.Port, CancellationToken.None));
        await registry.RestartAsync();
        await push.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.NotEqual(killedPid, registry.ProcessId);
        Assert.Contains("restarting upload", log.Text);
        Assert.Equal(image.Digest, await client.HeadManifestAsync(repo, "v1"));
        var manifest = ManifestModel.Parse(await client.GetManifestAsync(repo, "v1"));
        Assert.Equal(image.Digest, Digests.Sha256((await client.GetManifestAsync(repo, "v1")).Bytes));
        foreach (var blob in manifest.Blobs)
            Assert.Equal(blob.Size, (await client.GetBlobBytesAsync(repo, blob.Digest)).LongLength); // content digest checked too
        Assert.Equal(image.Digest, await Skopeo.DigestAsync(registry.Host, repo, "v1"));
    }

    [Fact]
    public async Task A_registry_killed_mid_push_that_stays_down_fails_the_push_step_clearly_and_leaves_no_tag_and_no_broken_manifest()
    {
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        using var dir = new TempDir();
        var app = await SyntheticApp.CreateAsync(registry, LayerSize, dir.Path);
        var (handler, killed) = KillMidUpload(registry, app.Repository);
        var log = new MemoryBuildLog();
        using var ctx = new ChainContext
        {
            Catalog = app.Catalog, Environment = SyntheticApp.Environment, Log = log, Paths = new WorkspacePaths(dir.Combine("state")),
            RecipeRoot = RepoRoot.Path, RegistryOptions = Options(handler, log, attempts: 4),
        };
        var run = new ServiceRun(SyntheticApp.Service, app.Catalog.Resolve(SyntheticApp.Service, SyntheticApp.Environment))
        {
            Image = app.Image, Tag = "main-20990101-000004", BuildKey = "c0ffee1-layout2",
        };

        var ex = await Assert.ThrowsAsync<RegistryException>(() => PushStep.RunAsync(ctx, run));

        Assert.True(killed.IsCompletedSuccessfully, "the registry was not killed mid-upload");
        Assert.Null(ex.StatusCode);
        Assert.Contains($"Push of {registry.Host}/{app.Repository}:{run.Tag} to registry 'down' ({registry.Url}/) did not finish", ex.Message);
        Assert.Contains($"cannot reach registry {registry.Url}/ (Connection refused", ex.Message);
        Assert.Contains("the upload was started 4 times", ex.Message);
        Assert.Contains("No tag was written", ex.Message);
        Assert.Contains("Fix: bring the registry back, then run Push again", ex.Message);
        Assert.Null(run.Digest);
        var entry = Assert.Single(await new FileLedger(ctx.Paths.Ledger).HistoryAsync(SyntheticApp.Service, SyntheticApp.Environment));
        Assert.Equal((LedgerActions.Push, LedgerEntry.Failed, run.Tag), (entry.Action, entry.Result, entry.Tag));
        Assert.Contains("did not finish", entry.Message);

        // Back up on the same storage to look: no tag, no manifest of the app at all, and every stored manifest is whole.
        await registry.RestartAsync();
        using var client = new RegistryClient(registry.Url, insecure: true);
        Assert.Empty(await client.ListTagsAsync(app.Repository));
        Assert.DoesNotContain(RegistryStorage.Manifests(registry), m => m.Repository == app.Repository);
        Assert.Single(RegistryStorage.Manifests(registry)); // the base's
        Assert.Empty(await RegistryStorage.DanglingBlobsAsync(registry, client));
    }
}
