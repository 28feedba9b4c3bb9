using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Registry;

namespace Slipway.TestSupport;

/// <summary>
/// The whole chain for the greeting sample against the real engine, a real registry on a random
/// loopback port, a real git repository and offline Maven; removes its containers and images after.
/// </summary>
public sealed class LocalChain : IAsyncDisposable
{
    public const string Service = SampleRepository.Service;

    /// <summary>The environment (default e2e); fixtures that may run beside other LocalChains pick their own, as container names derive from it.</summary>
    public string Environment { get; private init; } = "e2e";
    /// <summary>The registry namespace (default e2e); images are cleaned up by it.</summary>
    public string Namespace { get; private init; } = "e2e";

    private readonly TempDir _dir = new();
    private TestRegistry _registry = null!;
    public GitTestRepo Source { get; private set; } = null!;
    public int Port { get; } = FreePort.Next();
    public MemoryBuildLog Log { get; } = new();
    public Slipway.Catalog.Catalog Catalog { get; private set; } = null!;
    public string RegistryUrl => _registry.Url;
    /// <summary>The catalog as JSON (absolute paths only), e.g. to write it for the command line.</summary>
    public string CatalogText { get; private set; } = "";
    /// <summary>The chain's temp folder: the sample repository, state folders.</summary>
    public string Folder => _dir.Path;
    public WorkspacePaths Paths => new(_dir.Combine("state"));
    public IDockerClient Docker { get; } = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    public static async Task<LocalChain> StartAsync(Action<JsonObject>? adjustCatalog = null, string environment = "e2e", string @namespace = "e2e")
    {
        var chain = new LocalChain { Environment = environment, Namespace = @namespace };
        chain._registry = await TestRegistry.StartAsync();
        try
        {
            chain.Source = await SampleRepository.CreateAsync(chain._dir.Combine("greeting"));
            var json = chain.CatalogJson();
            adjustCatalog?.Invoke(json);
            chain.CatalogText = json.ToJsonString();
            chain.Catalog = CatalogLoader.LoadFromJson(chain.CatalogText, chain._dir.Path, "e2e-services.json", DeployModes.Shipped);
            return chain;
        }
        catch
        {
            await chain.DisposeAsync(); // a failed set-up must not leave its registry process running
            throw;
        }
    }

    /// <summary>
    /// A chain whose catalog has a second docker stage <paramref name="next"/> (promoteFrom <paramref name="first"/>) on the same
    /// engine and registry, the service answering there on <paramref name="nextPort"/>; <paramref name="adjustNext"/> edits that stage.
    /// </summary>
    public static Task<LocalChain> StartTwoStagesAsync(string first, string next, int nextPort, Action<JsonObject>? adjustNext = null) =>
        StartAsync(json =>
        {
            var environments = (JsonObject)json["environments"]!;
            var stage = JsonNode.Parse(environments[first]!.ToJsonString())!.AsObject();
            stage["promoteFrom"] = first;
            adjustNext?.Invoke(stage);
            environments[next] = stage;
            json["services"]![Service]!["environments"]![next] = new JsonObject { ["conf"] = "local", ["port"] = nextPort };
        }, environment: first, @namespace: first);

    /// <summary>Every entry of <paramref name="environment"/>'s release ledger in this chain's state folder.</summary>
    public async Task<IReadOnlyList<Slipway.Releases.LedgerEntry>> LedgerAsync(string environment)
    {
        using var template = Context();
        using var ctx = template.ForEnvironment(environment);
        return await Slipway.Releases.ReleaseLedgers.For(ctx, environment).ReadAsync(environment);
    }

    private JsonObject CatalogJson() => SampleCatalog.Json(RepoRoot.Path, "test", _registry.Url, Namespace, Environment,
        SampleRepository.ServiceJson(Source.Path, Port, new JsonObject
        {
            [Environment] = new JsonObject { ["conf"] = "local", ["javaOpts"] = "-Dslipway.e2e=yes" },
        }));

    public ChainContext Context(bool dryRun = false, bool forceBuild = false, WorkspacePaths? paths = null,
        DateTimeOffset? buildTime = null) => new()
    {
        Catalog = Catalog, Environment = Environment, Log = Log, Paths = paths ?? Paths, RecipeRoot = RepoRoot.Path,
        DryRun = dryRun, ForceBuild = forceBuild, BuildTime = buildTime ?? DateTimeOffset.UtcNow,
    };

    /// <summary>A state folder of its own (a fresh workspace: no mirror, no checkout) under this chain's temp folder.</summary>
    public WorkspacePaths FreshPaths(string name) => new(_dir.Combine("state-" + name));

    /// <summary>A client for the chain's registry.</summary>
    public RegistryClient RegistryClient() => new(_registry.Url, insecure: true);

    /// <summary>Runs Checkout through Deploy, as the Deploy target does.</summary>
    public async Task<ServiceRun> DeployAsync(bool forceBuild = false)
    {
        using var ctx = Context(forceBuild: forceBuild);
        var run = await BuildAndPushAsync(ctx);
        await DeployStep.RunAsync(ctx, run);
        return run;
    }

    /// <summary>Runs Checkout through Push (everything before Deploy) with <paramref name="ctx"/>.</summary>
    public Task<ServiceRun> BuildAndPushAsync(ChainContext ctx) => BuildAndPush.RunAsync(ctx, Service);

    public string ContainerName => Slipway.Deploy.Docker.ContainerSpecFactory.ContainerName(Service, Environment);

    public async Task<ContainerListResponse?> ContainerAsync()
    {
        var all = await Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        return all.FirstOrDefault(c => c.Names.Any(n => n.TrimStart('/') == ContainerName));
    }

    public async ValueTask DisposeAsync()
    {
        var all = await Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        foreach (var c in all.Where(c => c.Names.Any(n => n.TrimStart('/').StartsWith(ContainerName, StringComparison.Ordinal))))
        {
            try { await Docker.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true }); }
            catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict) { } // gone, or going
        }
        var images = await Docker.Images.ListImagesAsync(new ImagesListParameters());
        // only this chain's registries (its own and those its catalog adds): other chains use the same repository name
        var repositories = (Catalog?.Registries.Values.Select(r => $"{new Uri(r.Url).Authority}/{r.Namespace}/{Service}") ?? [])
            .Append($"{new Uri(_registry.Url).Authority}/{Namespace}/{Service}").ToList();
        bool Ours(IEnumerable<string>? names) => names?.Any(n => repositories.Any(r => n.StartsWith(r + ":", StringComparison.Ordinal) ||
                                                                                        n.StartsWith(r + "@", StringComparison.Ordinal))) == true;
        foreach (var image in images.Where(i => Ours(i.RepoTags) || Ours(i.RepoDigests)))
            await Docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true, NoPrune = false });
        await _registry.DisposeAsync();
        Docker.Dispose();
        _dir.Dispose();
    }
}
