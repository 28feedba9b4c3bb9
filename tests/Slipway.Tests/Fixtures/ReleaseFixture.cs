using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Registry;
using Slipway.Releases;

namespace Slipway.Tests.Fixtures;

/// <summary>
/// The sample built, pushed and deployed once to <c>promo</c> (registry A), plus promotion targets:
/// <c>promo-same</c> (same repository: tag only), <c>promo-mount</c> (same registry, other namespace: mount; its
/// predecessor is promo-same, so promo -> promo-mount is out of order) and <c>promo-b</c> (registry B: copy).
/// </summary>
public sealed class ReleaseFixture : IAsyncLifetime
{
    /// <summary>The environment the sample is built and deployed in (also its registry namespace), apart from other LocalChains' "e2e".</summary>
    public const string Source = "promo";

    public LocalChain Chain { get; private set; } = null!;
    public TestRegistry RegistryB { get; private set; } = null!;
    public ServiceRun Built { get; private set; } = null!;
    public Dictionary<string, int> Ports { get; } = new()
    {
        ["promo-same"] = FreePort.Next(), ["promo-mount"] = FreePort.Next(), ["promo-b"] = FreePort.Next(), ["promo-dry"] = FreePort.Next(),
    };

    public SourceImage Image => new(Source, Built.Digest!, Built.Tag, Built.Checkout!.Sha, "built by the fixture");

    public async Task InitializeAsync()
    {
        RegistryB = await TestRegistry.StartAsync();
        Chain = await LocalChain.StartAsync(Adjust, Source, Source);
        Built = await Chain.DeployAsync();
    }

    private void Adjust(JsonObject catalog)
    {
        var registries = catalog["registries"]!.AsObject();
        var a = registries["test"]!["url"]!.GetValue<string>();
        registries["test-promoted"] = new JsonObject { ["url"] = a, ["namespace"] = "promo-promoted", ["insecure"] = true };
        registries["test-dry"] = new JsonObject { ["url"] = a, ["namespace"] = "promo-dry", ["insecure"] = true };
        registries["other"] = new JsonObject { ["url"] = RegistryB.Url, ["namespace"] = Source, ["insecure"] = true };
        var environments = catalog["environments"]!.AsObject();
        var hosts = environments[Source]!["docker"]!.DeepClone();
        JsonObject Env(string registry, string from) => new()
        {
            ["registry"] = registry, ["mode"] = "docker", ["promoteFrom"] = from, ["docker"] = hosts.DeepClone(),
        };
        environments["promo-same"] = Env("test", Source);
        environments["promo-mount"] = Env("test-promoted", "promo-same");
        environments["promo-b"] = Env("other", Source);
        environments["promo-dry"] = Env("test-dry", "promo-same");
        var serviceEnvironments = catalog["services"]![LocalChain.Service]!["environments"]!.AsObject();
        foreach (var (env, port) in Ports)
            serviceEnvironments[env] = new JsonObject { ["conf"] = "local", ["port"] = port };
    }

    public ChainContext Context(string environment, bool dryRun = false) => new()
    {
        Catalog = Chain.Catalog, Environment = environment, Log = Chain.Log, Paths = Chain.Paths, RecipeRoot = RepoRoot.Path,
        DryRun = dryRun,
    };

    /// <summary>
    /// The fixture's catalog plus environment <paramref name="name"/> on registry <paramref name="registryUrl"/> (namespace
    /// <see cref="Source"/>) with <paramref name="host"/> (default: this engine), the service enabled there on a free port.
    /// </summary>
    public (Slipway.Catalog.Catalog Catalog, int Port) CatalogWith(string name, string registryUrl, DockerHostSpec? host = null)
    {
        var catalog = Chain.Catalog;
        var port = FreePort.Next();
        var service = catalog.Services[LocalChain.Service];
        return (catalog with
        {
            Registries = new(catalog.Registries) { [name] = new RegistrySpec { Url = registryUrl, Namespace = Source, Insecure = true } },
            Environments = new(catalog.Environments)
            {
                [name] = new EnvironmentSpec
                {
                    Registry = name, Mode = "docker",
                    Docker = new DockerModeSpec { Hosts = [host ?? new DockerHostSpec { Name = "localhost", Endpoint = "unix:///var/run/docker.sock" }] },
                },
            },
            Services = new(catalog.Services)
            {
                [LocalChain.Service] = service with
                {
                    Environments = new(service.Environments) { [name] = new ServiceEnvironmentSpec { Conf = "local", Port = port } },
                },
            },
        }, port);
    }

    /// <summary>A context on <paramref name="catalog"/> with fast registry retries.</summary>
    public ChainContext Context(Slipway.Catalog.Catalog catalog, string environment, string distribution = "auto") => new()
    {
        Catalog = catalog, Environment = environment, Log = Chain.Log, Paths = Chain.Paths, RecipeRoot = RepoRoot.Path,
        Distribution = distribution, RegistryOptions = RegistryFixture.FastOptions,
    };

    /// <summary>A run of the built image in <paramref name="environment"/> of <paramref name="catalog"/>, as DockerBuild leaves it.</summary>
    public ServiceRun BuiltRun(Slipway.Catalog.Catalog catalog, string environment, string? tag = null) =>
        new(LocalChain.Service, catalog.Resolve(LocalChain.Service, environment))
        {
            Checkout = Built.Checkout, Version = Built.Version, BuildKey = Built.BuildKey, ImageId = Built.ImageId, Image = Built.Image,
            Tag = tag ?? Built.Tag, Digest = tag is null ? Built.Digest : null,
        };

    public async Task DisposeAsync()
    {
        if (Chain is not null) await Chain.DisposeAsync();
        if (RegistryB is not null) await RegistryB.DisposeAsync();
    }
}
