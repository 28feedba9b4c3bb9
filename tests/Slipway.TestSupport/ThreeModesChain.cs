using System.Text.Json.Nodes;
using k8s;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Pipeline;
using Slipway.Processes;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.TestSupport;

/// <summary>
/// The greeting sample's <see cref="LocalChain"/> with three environments, one per deploy mode: docker (the local
/// engine), static-pod (a real bare manifests repository) and kubernetes (the in-process fake API server). Build once
/// with <see cref="LocalChain.DeployAsync"/> (docker), then <see cref="DeployAsync"/> the same digest to the others.
/// </summary>
public sealed class ThreeModesChain : IAsyncDisposable
{
    public const string DockerEnvironment = "modes";
    public const string StaticPodEnvironment = "modes-pods";
    public const string KubernetesEnvironment = "modes-kube";
    public const string Node = "modes-node-1";
    public const string KubeNamespace = "slipway-modes";
    public const string KubeContext = "fake-admin";

    private readonly TempDir _dir = new();

    public LocalChain Chain { get; private set; } = null!;
    /// <summary>Always the fake: a real cluster could not pull from this test's loopback registry.</summary>
    public FakeKubeApiServer Kube { get; private set; } = null!;
    /// <summary>The bare manifests repository of <see cref="StaticPodEnvironment"/> (branch main).</summary>
    public string ManifestsRepository => _dir.Combine("pods.git");
    public string Kubeconfig => _dir.Combine("kubeconfig");
    /// <summary>A scratch folder that lives as long as this chain.</summary>
    public TempDir Scratch => _dir;

    /// <summary>Starts the chain; <paramref name="adjustCatalog"/> may add more (it gets this chain's paths and servers).</summary>
    public static async Task<ThreeModesChain> StartAsync(Action<ThreeModesChain, JsonObject>? adjustCatalog = null)
    {
        var modes = new ThreeModesChain();
        (await ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", modes.ManifestsRepository])).EnsureSuccess();
        modes.Kube = await FakeKubeApiServer.StartAsync();
        await File.WriteAllTextAsync(modes.Kubeconfig, modes.Kube.Kubeconfig());
        modes.Chain = await LocalChain.StartAsync(json =>
        {
            modes.AddStaticPodAndKubernetes(json);
            adjustCatalog?.Invoke(modes, json);
        }, environment: DockerEnvironment, @namespace: DockerEnvironment);
        return modes;
    }

    /// <summary>A client on the fake cluster as the catalog's context.</summary>
    public IKubernetes KubeClient() => new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig, KubeContext));

    /// <summary>A chain context for <paramref name="environment"/> on this chain's state folder and its catalog (or <paramref name="catalog"/>).</summary>
    public ChainContext Context(string environment, Slipway.Catalog.Catalog? catalog = null) => new()
    {
        Catalog = catalog ?? Chain.Catalog, Environment = environment, Log = Chain.Log, Paths = Chain.Paths, RecipeRoot = RepoRoot.Path,
    };

    /// <summary>
    /// As the Deploy target does for another environment: the pushed digest, with the service resolved for that
    /// environment in this chain's catalog (or <paramref name="catalog"/>, e.g. one a test changed).
    /// </summary>
    public async Task DeployAsync(ServiceRun built, string environment, Slipway.Catalog.Catalog? catalog = null)
    {
        using var ctx = Context(environment, catalog);
        var run = new ServiceRun(built.Service, ctx.Catalog.Resolve(built.Service, environment))
        {
            Checkout = built.Checkout, Tag = built.Tag, Digest = built.Digest,
        };
        if (run.Settings.ImageRepository != built.Settings.ImageRepository)
            throw new InvalidOperationException($"{environment} uses {run.Settings.ImageRepository}, not the built {built.Settings.ImageRepository}");
        await DeployStep.RunAsync(ctx, run);
    }

    /// <summary>Adds an environment to the catalog and enables the sample in it.</summary>
    public static void AddEnvironment(JsonObject catalog, string name, JsonObject spec)
    {
        catalog["environments"]!.AsObject()[name] = spec;
        catalog["services"]![LocalChain.Service]!["environments"]!.AsObject()[name] = new JsonObject { ["conf"] = "local" };
    }

    /// <summary>A kubernetes-mode environment on <paramref name="kubeconfig"/> (context <see cref="KubeContext"/>).</summary>
    public static JsonObject KubernetesSpec(string kubeconfig, string @namespace) => new()
    {
        ["registry"] = "test", ["mode"] = "kubernetes",
        ["kubernetes"] = new JsonObject
        {
            ["kubeconfig"] = kubeconfig, ["context"] = KubeContext, ["namespace"] = @namespace,
            ["rolloutTimeoutSeconds"] = 120, ["minReadySeconds"] = 1, ["progressDeadlineSeconds"] = 10, ["preStopSleepSeconds"] = 2,
            ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "1", ["maxUnavailable"] = "0" },
        },
    };

    /// <summary>
    /// A static-pod environment on <paramref name="repository"/> with one node without address (nothing runs a kubelet
    /// here); give each environment its own node, as the catalog refuses two environments' pods on one host port.
    /// </summary>
    public static JsonObject StaticPodSpec(string repository, string node = Node) => new()
    {
        ["registry"] = "test", ["mode"] = "static-pod",
        ["staticPod"] = new JsonObject
        {
            ["repository"] = repository, ["branch"] = "main", ["nodes"] = new JsonArray(new JsonObject { ["name"] = node }),
        },
    };

    // No ledger block: the deploys are recorded in the file ledger under the state folder.
    private void AddStaticPodAndKubernetes(JsonObject catalog)
    {
        AddEnvironment(catalog, StaticPodEnvironment, StaticPodSpec(ManifestsRepository));
        AddEnvironment(catalog, KubernetesEnvironment, KubernetesSpec(Kubeconfig, KubeNamespace));
    }

    public async ValueTask DisposeAsync()
    {
        if (Chain is not null) await Chain.DisposeAsync();
        if (Kube is not null) await Kube.DisposeAsync();
        _dir.Dispose();
    }
}
