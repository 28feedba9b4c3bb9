using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Images;
using Slipway.Registry;

namespace Slipway.TestSupport;

/// <summary>
/// A service whose image Slipway "assembled" without Maven or an engine: a tiny synthetic base pushed to the registry,
/// plus one random application layer of a chosen size, and a one-environment catalog on that registry. Enough for the
/// chain's Push step, cheap enough for reliability tests.
/// </summary>
public sealed record SyntheticApp(Slipway.Catalog.Catalog Catalog, AppImage Image)
{
    public const string Service = "outage-svc";
    public const string Environment = "outage";

    /// <summary>The app's repository path in the registry (namespace/service).</summary>
    public string Repository => Catalog.Resolve(Service, Environment).RepositoryPath;

    public static async Task<SyntheticApp> CreateAsync(TestRegistry registry, int layerSize, string catalogFolder)
    {
        var baseRepo = $"{Environment}/base-{Guid.NewGuid().ToString("N")[..8]}";
        var baseImage = TestImage.Create(layerCount: 1, layerSize: 1024);
        using (var client = new RegistryClient(registry.Url, insecure: true))
            await baseImage.PushAsync(client, baseRepo, "v1");
        var registryBase = new RegistryBaseImage(baseRepo, "v1", new ManifestContent(baseImage.Manifest, TestImage.MediaType, baseImage.Digest), baseImage.Config);

        var layerImage = TestImage.Create(layerCount: 1, layerSize: layerSize); // its layer is a valid random gzip tar
        var (bytes, digest) = layerImage.Layers[0];
        var diffId = System.Text.Json.JsonDocument.Parse(layerImage.Config).RootElement.GetProperty("rootfs").GetProperty("diff_ids")[0].GetString()!;
        var layer = new LayerBlob("classes", bytes, digest, diffId, 1);
        var image = AppImageAssembler.Assemble(registryBase, [layer], [], ["/bin/true"], [], DateTimeOffset.Parse("2099-01-01T00:00:00Z"));
        return new SyntheticApp(CatalogOn(registry.Url, catalogFolder), image);
    }

    /// <summary>Another build of the app: the same base and layers with one more label, so a new config and manifest digest.</summary>
    public AppImage Variant(string marker) =>
        AppImageAssembler.Assemble(Image.Base, Image.Layers, [KeyValuePair.Create("io.slipway.test.variant", marker)], ["/bin/true"], [],
            DateTimeOffset.Parse("2099-01-01T00:00:00Z"));

    /// <summary>The catalog with its registry reached through <paramref name="registryUrl"/> (a proxy in front of it).</summary>
    public Slipway.Catalog.Catalog CatalogThrough(string registryUrl) => Catalog with
    {
        Registries = new(Catalog.Registries) { ["down"] = Catalog.Registries["down"] with { Url = registryUrl } },
    };

    private static Slipway.Catalog.Catalog CatalogOn(string registryUrl, string folder)
    {
        var json = new JsonObject
        {
            ["registries"] = new JsonObject { ["down"] = new JsonObject { ["url"] = registryUrl, ["namespace"] = Environment, ["insecure"] = true } },
            ["baseImages"] = new JsonObject { ["tomcat"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm" } },
            ["defaults"] = new JsonObject { ["baseImage"] = "tomcat" },
            ["environments"] = new JsonObject
            {
                [Environment] = new JsonObject
                {
                    ["registry"] = "down", ["mode"] = "docker",
                    ["docker"] = new JsonObject { ["hosts"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "localhost", ["endpoint"] = "unix:///var/run/docker.sock", ["address"] = "127.0.0.1",
                    }) },
                },
            },
            ["services"] = new JsonObject
            {
                [Service] = new JsonObject
                {
                    ["repository"] = Path.Combine(folder, "no-source"), ["branch"] = "main",
                    ["build"] = new JsonObject { ["type"] = "module", ["module"] = Service },
                    ["war"] = $"{Service}/target/{Service}.war",
                    ["port"] = FreePort.Next(),
                    ["environments"] = new JsonObject { [Environment] = new JsonObject { ["conf"] = "local" } },
                },
            },
        };
        return CatalogLoader.LoadFromJson(json.ToJsonString(), folder, "outage-services.json", DeployModes.Shipped);
    }
}
