using System.Net;
using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Pipeline;
using Slipway.Registry;
using Slipway.Releases;
using Xunit.Abstractions;

namespace Slipway.Tests.Reliability;

/// <summary>
/// The registry-failure table: each row meets one way a push, a promotion or a rollback fails at a registry, against real
/// components (docker-registry on a slow link, on a full disk, behind a token service; the engine running an SSH-delivered
/// container), and must fail with a message naming the registry or image, the cause and the fix. Each row also checks what it
/// leaves behind: a failed push is recorded as failed, and no tag points at the failed run's image.
/// </summary>
public sealed class RegistryFailureTests(ITestOutputHelper output)
{
    /// <summary>One row: <paramref name="Run"/> meets the failure (checking what it leaves) and returns the message, which must
    /// contain every <paramref name="Expected"/> text (a text starting with '!' must NOT appear).</summary>
    public sealed record Failure(string Name, Func<TempDir, Task<string>> Run, params string[] Expected);

    private const string Password = "Tok3n-Secret-Pass";

    public static readonly IReadOnlyList<Failure> Table =
    [
        new("tag-moved-by-a-concurrent-push", TagMovedByAConcurrentPushAsync,
            "Tag 127.0.0.1:", "was moved by another push: this run put sha256:", "the registry now answers sha256:",
            "this push counts as failed", "Fix:"),
        new("registry-storage-full-on-push", StorageFullOnPushAsync,
            "failed: 500 UNKNOWN (unknown error): registry 'down' has no storage left (", "no space left on device",
            "Fix: free space on the registry's disk or prune images", "!the upload was started", "!cannot reach"),
        new("registry-storage-full-on-blob-upload", StorageFullOnBlobUploadAsync,
            "POST upload 127.0.0.1:", "registry 'local' has no storage left (write ", "/startedat: no space left on device (errno 28)",
            "Fix: free space on the registry's disk or prune images", "!the upload was started"),
        new("promote-an-image-delivered-over-ssh", PromoteAnSshDeliveredImageAsync,
            "Cannot promote sshonly-svc from 'sshonly-", "(host 'localhost' runs it)", "main-20990101-000300",
            "was delivered over SSH and never reached a registry", "Fix: push it through the registry with ./build.sh Deploy --env sshonly-",
            "--service sshonly-svc --commit 5e1f0c2d3b4a59687766554433221100ffeeddcc --distribution registry"),
        new("promote-an-ssh-image-known-from-the-ledger", PromoteAnSshDeliveredImageFromTheLedgerAsync,
            "Cannot promote sshonly-svc from 'sshonly-", "(its release ledger ", "was delivered over SSH and never reached a registry",
            "--distribution registry"),
        new("rollback-to-an-image-delivered-over-ssh", RollBackToAnSshDeliveredImageAsync,
            "Cannot roll sshonly-svc in 'sshonly-", "back to main-20990101-000300", "was delivered over SSH and never reached a registry",
            "./build.sh Deploy --env sshonly-", "--distribution registry"),
        new("token-granted-without-the-scope", registry => TokenRefusedAsync(registry, r => r.Grants = (_, _, _) => false),
            "401", "registry 'hub' (the catalog's registries.hub) was granted a token for repository:ncerepo/app:pull by http://127.0.0.1:",
            "then refused it (insufficient_scope)", "Either the token lacks the scope repository:ncerepo/app:pull: the user has insufficient permissions",
            "clock skew", "Fix: grant the user of the catalog's registries.hub.credentials pull and push", "!did not accept the credentials"),
        new("token-granted-with-clock-skew", registry => TokenRefusedAsync(registry, r => r.ClockOffset = TimeSpan.FromMinutes(10)),
            "401", "registry 'hub' (the catalog's registries.hub) was granted a token", "then refused it (invalid_token)",
            "Either the clocks of this machine, the token service and the registry disagree (clock skew)", "insufficient permissions",
            "Fix:", "or sync the clocks with NTP"),
    ];

    public static TheoryData<string> Names => new(Table.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_registry_failure_names_its_cause_and_the_fix(string name)
    {
        var failure = Table.Single(c => c.Name == name);
        using var dir = new TempDir();
        var message = await failure.Run(dir);
        output.WriteLine(message);

        foreach (var expected in failure.Expected)
        {
            if (expected.StartsWith('!'))
                Assert.False(message.Contains(expected[1..], StringComparison.Ordinal), $"{name}: the message should not say '{expected[1..]}'\n{message}");
            else
                Assert.True(message.Contains(expected, StringComparison.Ordinal), $"{name}: the message lacks '{expected}'\n{message}");
        }
        Assert.DoesNotContain(Password, message);
    }

    // ---- a push that another push overtakes on a slow link ----

    /// <summary>
    /// Two runs push different images under one date tag through <see cref="ManifestPutGate"/>: both find the tag free, both
    /// PUT, and only then does either read it back. At most one run succeeds, the one whose PUT landed last; the other fails
    /// naming the tag and both digests; the registry's tag is the successful run's digest; the ledger says so.
    /// </summary>
    private static async Task<string> TagMovedByAConcurrentPushAsync(TempDir dir)
    {
        const string tag = "main-20990101-000100";
        var registry = await TestRegistry.StartAsync();
        await using var _ = registry;
        var app = await SyntheticApp.CreateAsync(registry, 4096, dir.Path);
        await using var gate = new ManifestPutGate(registry.Url, app.Repository, tag, expected: 2);
        var catalog = app.CatalogThrough(gate.Url);
        var paths = new WorkspacePaths(dir.Combine("state"));
        var runs = new[] { "first", "second" }.Select(marker => new ServiceRun(SyntheticApp.Service, catalog.Resolve(SyntheticApp.Service, SyntheticApp.Environment))
        {
            Image = app.Variant(marker), Tag = tag, BuildKey = $"commit-{marker}-race",
        }).ToArray();

        var failures = await Task.WhenAll(runs.Select(async run =>
        {
            using var ctx = new ChainContext
            {
                Catalog = catalog, Environment = SyntheticApp.Environment, Log = new MemoryBuildLog(), Paths = paths, RecipeRoot = RepoRoot.Path,
                RegistryOptions = RegistryFixture.FastOptions,
            };
            try { await PushStep.RunAsync(ctx, run); return null; }
            catch (SlipwayException e) { return e; }
        }));

        Assert.Empty(gate.Errors);
        Assert.Equal(2, gate.ForwardedDigests.Count); // both PUTs were held: both runs had found the tag free
        Assert.Single(failures, f => f is null); // at most one succeeds: here the one whose PUT landed last
        var winner = runs[Array.IndexOf(failures, null)];
        var loser = runs.Single(r => r != winner);
        var moved = Assert.IsType<TagMovedException>(failures.Single(f => f is not null));
        Assert.Equal((tag, loser.Image!.Digest, winner.Image!.Digest), (moved.Tag, moved.Expected, moved.Found));
        Assert.Equal(winner.Image.Digest, gate.ForwardedDigests.Last());
        using var direct = new RegistryClient(registry.Url, insecure: true);
        Assert.Equal(winner.Image.Digest, await direct.HeadManifestAsync(app.Repository, tag));
        Assert.Equal(winner.Image.Digest, winner.Digest?.Value);
        Assert.Null(loser.Digest);
        var pushes = await new FileLedger(paths.Ledger).HistoryAsync(SyntheticApp.Service, SyntheticApp.Environment);
        Assert.Equal(2, pushes.Count);
        Assert.Equal((tag, winner.Image.Digest), (pushes.Single(e => e.IsSuccess).Tag, pushes.Single(e => e.IsSuccess).Digest));
        var failed = pushes.Single(e => !e.IsSuccess);
        Assert.Equal((LedgerActions.Push, tag, (string?)null), (failed.Action, failed.Tag, failed.Digest));
        Assert.Contains("was moved by another push", failed.Message);
        Assert.StartsWith($"Tag {new Uri(gate.Url).Authority}/{app.Repository}:{tag} was moved by another push", moved.Message);
        return moved.Message;
    }

    // ---- a registry whose disk is full ----

    /// <summary>The chain's Push to a real registry whose tmpfs is full: a clear message at once, the push recorded as failed, no tag.</summary>
    private static async Task<string> StorageFullOnPushAsync(TempDir dir)
    {
        var registry = await TestRegistry.StartOnTinyDiskAsync(megabytes: 4);
        await using var _ = registry;
        var app = await SyntheticApp.CreateAsync(registry, 64 << 10, dir.Path);
        await registry.FillStorageAsync();
        var log = new MemoryBuildLog();
        using var ctx = new ChainContext
        {
            Catalog = app.Catalog, Environment = SyntheticApp.Environment, Log = log, Paths = new WorkspacePaths(dir.Combine("state")),
            RecipeRoot = RepoRoot.Path, RegistryOptions = RegistryFixture.FastOptions with { Log = log },
        };
        var run = new ServiceRun(SyntheticApp.Service, app.Catalog.Resolve(SyntheticApp.Service, SyntheticApp.Environment))
        {
            Image = app.Image, Tag = "main-20990101-000200", BuildKey = "commit-full-disk",
        };

        var ex = await Assert.ThrowsAsync<RegistryException>(() => PushStep.RunAsync(ctx, run));

        Assert.False(ex.IsTransient);
        Assert.DoesNotContain("retry", log.Text); // a full disk is not retried
        var entry = Assert.Single(await new FileLedger(ctx.Paths.Ledger).HistoryAsync(SyntheticApp.Service, SyntheticApp.Environment));
        Assert.Equal((LedgerActions.Push, LedgerEntry.Failed), (entry.Action, entry.Result));
        Assert.Contains("has no storage left", entry.Message);
        using var client = new RegistryClient(registry.Url, insecure: true);
        Assert.Empty(await client.ListTagsAsync(app.Repository));
        return ex.Message;
    }

    /// <summary>A blob upload to a real registry whose tmpfs is full: its upload session cannot even be opened; no restarts.</summary>
    private static async Task<string> StorageFullOnBlobUploadAsync(TempDir dir)
    {
        var registry = await TestRegistry.StartOnTinyDiskAsync(megabytes: 1);
        await using var _ = registry;
        await registry.FillStorageAsync();
        var log = new MemoryBuildLog();
        using var client = RegistryClient.FromSpec(new RegistrySpec { Url = registry.Url, Namespace = "ncerepo", Insecure = true },
            options: RegistryFixture.FastOptions with { Log = log }, name: "local");

        var ex = await Assert.ThrowsAsync<RegistryException>(() => TestImage.Create(layerCount: 1).PushAsync(client, "ncerepo/full", "v1"));

        Assert.DoesNotContain("restarting upload", log.Text);
        Assert.Empty(await client.ListTagsAsync("ncerepo/full"));
        return ex.Message;
    }

    // ---- an image that reached its hosts over SSH and never a registry ----

    private const string SshOnlyService = "sshonly-svc";
    private const string SshOnlyTag = "main-20990101-000300";
    private const string SshOnlyCommit = "5e1f0c2d3b4a59687766554433221100ffeeddcc";
    private const string SshOnlyImageId = "sha256:0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000";
    /// <summary>These rows stop before any registry call: the catalog's registry is never asked.</summary>
    private const string UnusedRegistry = "http://127.0.0.1:1";

    /// <summary>
    /// Promote from an environment whose host runs a container as SSH delivery leaves it (labels with the image ID, no
    /// registry digest), on the real engine: the promotion stops naming the image and the command that pushes it.
    /// </summary>
    private static async Task<string> PromoteAnSshDeliveredImageAsync(TempDir dir)
    {
        var (catalog, source, target) = SshOnlyCatalog(UnusedRegistry, dir.Path, "unix:///var/run/docker.sock");
        using var docker = new Docker.DotNet.DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        const string image = "slipway/tomcat10-jre17:bookworm";
        await BaseImage.EnsureAsync(docker, image, RepoRoot.Combine("images", "base"), new MemoryBuildLog());
        var container = Slipway.Deploy.Docker.ContainerSpecFactory.ContainerName(SshOnlyService, source);
        await Tools.RunAsync(Tools.Docker, "run", "-d", "--name", container, "--network", "none",
            "--label", $"{SlipwayLabels.Service}={SshOnlyService}", "--label", $"{SlipwayLabels.Environment}={source}",
            "--label", $"{SlipwayLabels.Tag}={SshOnlyTag}", "--label", $"{SlipwayLabels.Commit}={SshOnlyCommit}",
            "--label", $"{SlipwayLabels.ImageId}={(await docker.Images.InspectImageAsync(image)).ID}",
            "--entrypoint", "sleep", image, "infinity");
        try
        {
            using var ctx = Context(catalog, source, dir);
            var ex = await Assert.ThrowsAsync<SlipwayException>(() => Promoter.RunAsync(ctx, new PromotionRequest(SshOnlyService, source, [target])));

            Assert.Contains($"./build.sh Deploy --env {source} --service {SshOnlyService} --commit {SshOnlyCommit} --distribution registry", ex.Message);
            Assert.False(Directory.Exists(ctx.Paths.Ledger), "a promotion that never started recorded something");
            return ex.Message;
        }
        finally { await Tools.TryAsync(Tools.Docker, "rm", "-f", container); }
    }

    /// <summary>The same, with the source host unreachable: the release ledger's last deploy is the SSH delivery.</summary>
    private static async Task<string> PromoteAnSshDeliveredImageFromTheLedgerAsync(TempDir dir)
    {
        var (catalog, source, target) = SshOnlyCatalog(UnusedRegistry, dir.Path, "unix:///nonexistent/docker.sock");
        using var ctx = Context(catalog, source, dir);
        await RecordDeploysAsync(ctx, source);

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => Promoter.RunAsync(ctx, new PromotionRequest(SshOnlyService, source, [target])));

        Assert.Contains($"commit 5e1f0c2d3b4a, image ID {SshOnlyImageId}", ex.Message);
        Assert.Empty(await new FileLedger(ctx.Paths.Ledger).ReadAsync(target));
        return ex.Message;
    }

    /// <summary>Rollback --to the tag of an SSH delivery: the ledger has no registry digest for it, and the message says why.</summary>
    private static async Task<string> RollBackToAnSshDeliveredImageAsync(TempDir dir)
    {
        var (catalog, source, _) = SshOnlyCatalog(UnusedRegistry, dir.Path, "unix:///nonexistent/docker.sock");
        using var ctx = Context(catalog, source, dir);
        await RecordDeploysAsync(ctx, source);
        await new FileLedger(ctx.Paths.Ledger).AppendAsync(Deploy(source, "main-20990101-000400", "sha256:" + new string('c', 64)));

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => Rollback.PlanAsync(ctx, SshOnlyService, SshOnlyTag));

        var plan = await Rollback.PlanAsync(ctx, SshOnlyService, to: null); // without --to: the previous registry digest
        Assert.Equal("main-20990101-000200", plan.Tag);
        return ex.Message;
    }

    /// <summary>A registry deploy, then an SSH delivery of an image the registry never got, as the ledger records them.</summary>
    private static async Task RecordDeploysAsync(ChainContext ctx, string environment)
    {
        var ledger = new FileLedger(ctx.Paths.Ledger);
        await ledger.AppendAsync(Deploy(environment, "main-20990101-000200", "sha256:" + new string('b', 64)));
        await ledger.AppendAsync(Deploy(environment, SshOnlyTag, null) with
        {
            Commit = SshOnlyCommit, Delivery = "ssh", ImageId = SshOnlyImageId,
            Message = "delivered over ssh; the registry never got this image",
        });
    }

    private static LedgerEntry Deploy(string environment, string tag, string? digest) => new()
    {
        Service = SshOnlyService, Environment = environment, Action = LedgerActions.Deploy, Result = LedgerEntry.Succeeded,
        Tag = tag, Digest = digest, Delivery = digest is null ? null : "registry",
    };

    private static ChainContext Context(Slipway.Catalog.Catalog catalog, string environment, TempDir dir) => new()
    {
        Catalog = catalog, Environment = environment, Log = new MemoryBuildLog(), Paths = new WorkspacePaths(dir.Combine("state")),
        RecipeRoot = RepoRoot.Path, RegistryOptions = RegistryFixture.FastOptions,
    };

    /// <summary>
    /// <see cref="SshOnlyService"/> in two docker environments on <paramref name="registryUrl"/> (unique names, so containers never
    /// meet another test's): the source, on <paramref name="endpoint"/>, and the target promoted from it.
    /// </summary>
    private static (Slipway.Catalog.Catalog Catalog, string Source, string Target) SshOnlyCatalog(string registryUrl, string folder, string endpoint)
    {
        var source = "sshonly-" + Guid.NewGuid().ToString("N")[..8];
        var target = source + "-next";
        JsonObject Environment(string? from)
        {
            var environment = new JsonObject
            {
                ["registry"] = "local", ["mode"] = "docker",
                ["docker"] = new JsonObject { ["hosts"] = new JsonArray(new JsonObject { ["name"] = "localhost", ["endpoint"] = endpoint, ["address"] = "127.0.0.1" }) },
            };
            if (from is not null) environment["promoteFrom"] = from;
            return environment;
        }
        var json = new JsonObject
        {
            ["registries"] = new JsonObject { ["local"] = new JsonObject { ["url"] = registryUrl, ["namespace"] = "sshonly", ["insecure"] = true } },
            ["baseImages"] = new JsonObject { ["tomcat"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm" } },
            ["defaults"] = new JsonObject { ["baseImage"] = "tomcat" },
            ["environments"] = new JsonObject { [source] = Environment(null), [target] = Environment(source) },
            ["services"] = new JsonObject
            {
                [SshOnlyService] = new JsonObject
                {
                    ["repository"] = Path.Combine(folder, "no-source"), ["branch"] = "main",
                    ["build"] = new JsonObject { ["type"] = "single" }, ["war"] = "target/app.war", ["port"] = FreePort.Next(),
                    ["environments"] = new JsonObject { [source] = new JsonObject { ["conf"] = "local" }, [target] = new JsonObject { ["conf"] = "local", ["port"] = FreePort.Next() } },
                },
            },
        };
        return (CatalogLoader.LoadFromJson(json.ToJsonString(), folder, "sshonly-services.json", DeployModes.Shipped), source, target);
    }

    // ---- a token the token service granted and the registry refused ----

    /// <summary>A real token-auth registry whose token service hands out a token the registry then refuses (per <paramref name="breakToken"/>).</summary>
    private static async Task<string> TokenRefusedAsync(TempDir dir, Action<TokenAuthRegistry> breakToken)
    {
        await using var registry = await TokenAuthRegistry.StartAsync();
        breakToken(registry);
        var spec = new RegistrySpec
        {
            Url = registry.Url, Namespace = "ncerepo", Insecure = true,
            Credentials = new CredentialsRef { Username = "ci", PasswordEnv = "SLIPWAY_TOKEN_TEST_PASSWORD" },
        };
        using var client = RegistryClient.FromSpec(spec, new CredentialResolver(_ => Password), RegistryFixture.FastOptions, name: "hub");

        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("ncerepo/app", "v1"));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.True(registry.TokensGranted >= 1, "the token service never granted a token");
        Assert.Contains($"by {registry.Realm}", ex.Message);
        return ex.Message;
    }
}
