using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Images;
using Slipway.Registry;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Tests.Fixtures;

/// <summary>
/// What every bad-input case shares, started once: a registry with htpasswd auth, the greeting sample in a git repository
/// (branch main builds; branch <see cref="BrokenBranch"/> does not compile), a fake Kubernetes API server with a good and
/// an expired-token kubeconfig, and a port nothing listens on.
/// </summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public const string Service = "greeting-web";
    public const string DockerEnvironment = "badinput";
    public const string KubeEnvironment = "badinput-kube";
    public const string KubeNamespace = "badinput";
    public const string User = "slipway";
    public const string PasswordVariable = "SLIPWAY_BADINPUT_REGISTRY_PASSWORD";
    public const string BrokenBranch = "broken";
    /// <summary>The Java compiler's complaint about the broken branch, which the Maven failure must quote.</summary>
    public const string CompileError = "incompatible types: java.lang.String cannot be converted to int";

    private readonly TempDir _dir = new();
    public string Password { get; } = "Bad1nput-" + Guid.NewGuid().ToString("N");
    public TestRegistry Registry { get; private set; } = null!;
    public GitTestRepo Source { get; private set; } = null!;
    public FakeKubeApiServer Kube { get; private set; } = null!;
    public string Kubeconfig => _dir.Combine("kubeconfig");
    public string ExpiredKubeconfig => _dir.Combine("kubeconfig-expired");
    public string UnreachableKubeconfig => _dir.Combine("kubeconfig-unreachable");
    /// <summary>A loopback port nothing listens on (taken from the kernel and released).</summary>
    public int ClosedPort { get; } = FreePort.Next();
    public int ServicePort { get; } = FreePort.Next();
    public IDockerClient Docker { get; } = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    public async Task InitializeAsync()
    {
        Registry = await TestRegistry.StartAsync(new LocalRegistryOptions { Username = User, Password = Password });
        Source = await SampleRepository.CreateAsync(_dir.Combine("greeting"));
        await Source.GitAsync("checkout", "-q", "-b", BrokenBranch);
        var servlet = "greeting-web/src/main/java/io/slipway/samples/greeting/web/HealthServlet.java";
        var text = await File.ReadAllTextAsync(Path.Combine(Source.Path, servlet));
        var brace = text.LastIndexOf('}');
        await Source.CommitAsync("Break the build", (servlet, text[..brace] + "    private final int broken = \"not a number\";\n}\n"));
        await Source.GitAsync("checkout", "-q", "main");
        Kube = await FakeKubeApiServer.StartAsync();
        var kubeconfig = Kube.Kubeconfig();
        await File.WriteAllTextAsync(Kubeconfig, kubeconfig);
        await File.WriteAllTextAsync(ExpiredKubeconfig, kubeconfig.Replace(FakeUsers.AdminToken, "expired-" + Guid.NewGuid().ToString("N")));
        await File.WriteAllTextAsync(UnreachableKubeconfig, kubeconfig.Replace(Kube.Url.ToString().TrimEnd('/'), $"{Kube.Url.Scheme}://127.0.0.1:{ClosedPort}"));
        // the base catalog must be valid, so that each case's one change is the only thing wrong
        CatalogLoader.LoadFromJson(CatalogJson("badinput-check").ToJsonString(), _dir.Path, "services.json", DeployModes.Shipped);
    }

    /// <summary>A valid catalog: registry "test" (namespace <paramref name="registryNamespace"/>, htpasswd credentials from
    /// <see cref="PasswordVariable"/>), a docker environment on this engine and a kubernetes one on the fake.</summary>
    public JsonObject CatalogJson(string registryNamespace) => new()
    {
        ["registries"] = new JsonObject
        {
            ["test"] = new JsonObject
            {
                ["url"] = Registry.Url, ["namespace"] = registryNamespace, ["insecure"] = true,
                ["credentials"] = new JsonObject { ["username"] = User, ["passwordEnv"] = PasswordVariable },
            },
        },
        ["baseImages"] = new JsonObject
        {
            ["tomcat"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm", ["recipe"] = RepoRoot.Combine("images", "base") },
        },
        ["defaults"] = new JsonObject { ["baseImage"] = "tomcat", ["healthTimeoutSeconds"] = 30 },
        ["environments"] = new JsonObject
        {
            [DockerEnvironment] = new JsonObject
            {
                ["registry"] = "test", ["mode"] = "docker",
                ["docker"] = new JsonObject { ["hosts"] = new JsonArray(new JsonObject
                {
                    ["name"] = "localhost", ["endpoint"] = "unix:///var/run/docker.sock", ["address"] = "127.0.0.1",
                }) },
            },
            [KubeEnvironment] = new JsonObject
            {
                ["registry"] = "test", ["mode"] = "kubernetes",
                ["kubernetes"] = new JsonObject
                {
                    ["context"] = "fake-admin", ["namespace"] = KubeNamespace, ["kubeconfig"] = Kubeconfig, ["nodeSelector"] = new JsonObject(),
                },
            },
        },
        ["services"] = new JsonObject
        {
            [Service] = SampleRepository.ServiceJson(Source.Path, ServicePort, new JsonObject
            {
                [DockerEnvironment] = new JsonObject { ["conf"] = "local" },
                [KubeEnvironment] = new JsonObject { ["conf"] = "local" },
            }),
        },
    };

    /// <summary>A client for the registry with the right credentials.</summary>
    public RegistryClient RegistryClient() => new(Registry.Url, new RegistryCredentials(User, Password), insecure: true);

    /// <summary>The tags of <paramref name="repository"/>; none when the registry does not know it.</summary>
    public async Task<IReadOnlyList<string>> TagsAsync(string repository)
    {
        using var client = RegistryClient();
        try { return await client.ListTagsAsync(repository); }
        catch (RegistryException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { return []; }
    }

    /// <summary>The repositories a case with <paramref name="registryNamespace"/> could have pushed: the service and the base image.</summary>
    public static IEnumerable<string> Repositories(string registryNamespace) =>
        [$"{registryNamespace}/{Service}", BaseImagePublisher.RepositoryPath(registryNamespace, "tomcat")];

    /// <summary>Containers of the bad-input environments on the engine (by label and by name).</summary>
    public async Task<IReadOnlyList<string>> ContainersAsync()
    {
        var all = await Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        return all.Where(c => c.Labels?.TryGetValue(SlipwayLabels.Environment, out var env) == true && env.StartsWith(DockerEnvironment, StringComparison.Ordinal)
                              || c.Names.Any(n => n.TrimStart('/').StartsWith(Slipway.Deploy.Docker.ContainerSpecFactory.ContainerName(Service, DockerEnvironment), StringComparison.Ordinal)))
            .Select(c => c.Names.FirstOrDefault() ?? c.ID).ToList();
    }

    /// <summary>Images in the engine tagged for <paramref name="registryNamespace"/> in this fixture's registry.</summary>
    public async Task<IReadOnlyList<string>> EngineImagesAsync(string registryNamespace)
    {
        var prefix = $"{Registry.Host}/{registryNamespace}/";
        var images = await Docker.Images.ListImagesAsync(new ImagesListParameters());
        return images.SelectMany(i => (i.RepoTags ?? []).Concat(i.RepoDigests ?? []))
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    public async Task DisposeAsync()
    {
        foreach (var name in await ContainersAsync())
            await Docker.Containers.RemoveContainerAsync(name.TrimStart('/'), new ContainerRemoveParameters { Force = true });
        var images = await Docker.Images.ListImagesAsync(new ImagesListParameters());
        foreach (var image in images.Where(i => (i.RepoTags ?? []).Concat(i.RepoDigests ?? []).Any(r => r.StartsWith(Registry.Host + "/", StringComparison.Ordinal))))
            await Docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
        await Kube.DisposeAsync();
        await Registry.DisposeAsync();
        Docker.Dispose();
        _dir.Dispose();
    }
}
