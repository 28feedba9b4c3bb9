using k8s;
using k8s.KubeConfigModels;
using k8s.Models;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Tests.Fixtures;

/// <summary>
/// The cluster the Kubernetes tests run against. By default an in-process <see cref="FakeKubeApiServer"/>. When
/// SLIPWAY_TEST_KUBECONFIG names a kubeconfig, the SAME tests run against that real cluster instead:
/// <list type="bullet">
/// <item>SLIPWAY_TEST_KUBECONFIG: kubeconfig of a cluster admin (it creates and deletes namespaces slipway-test-*).</item>
/// <item>SLIPWAY_TEST_KUBECONTEXT: context in it (default: its current-context).</item>
/// <item>SLIPWAY_TEST_KUBE_IMAGE: an image by digest the nodes can pull that serves 200 on /health at $NCE_PORT
/// (the sample service pushed to a registry the cluster reaches). Pods use host networking on port 18480.</item>
/// </list>
/// For the 403 test against a real cluster the fixture creates a ServiceAccount bound to the built-in "view" ClusterRole
/// and a token for it (TokenRequest), and adds it to a copy of the kubeconfig as context "slipway-reader".
/// Tests that need the fake's own controls are marked <see cref="FakeClusterFactAttribute"/> and skipped against a real cluster.
/// </summary>
public sealed class KubernetesTestCluster : IAsyncLifetime
{
    /// <summary>The real cluster's kubeconfig (SLIPWAY_TEST_KUBECONFIG), or null for the fake: the one switch between them.</summary>
    public static string? RealKubeconfig => Environment.GetEnvironmentVariable("SLIPWAY_TEST_KUBECONFIG") is { Length: > 0 } path ? path : null;

    public const string FakeOnlyReason =
        "SLIPWAY_TEST_KUBECONFIG is set: this test needs the fake API server's own controls (its clock, nodes, kubelet or request log), which a real cluster does not give";

    private readonly TempDir _dir = new();
    private readonly List<string> _namespaces = [];

    public FakeKubeApiServer? Fake { get; private set; }
    public bool IsFake => Fake is not null;
    public string KubeconfigPath { get; private set; } = "";
    public string AdminContext { get; private set; } = "";
    public string ReaderContext { get; private set; } = "";
    public IKubernetes Client { get; private set; } = null!;
    /// <summary>Cluster seconds without progress before ProgressDeadlineExceeded: 10 on the fake (0.5 s of wall time), 60 on a real cluster.</summary>
    public int ProgressDeadlineSeconds => IsFake ? 10 : 60;
    public TimeSpan PollInterval => IsFake ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromSeconds(1);
    public string RealImage { get; private set; } = "";

    /// <summary>A pullable, healthy image; <paramref name="variant"/> gives distinct digests on the fake (one image on a real cluster).</summary>
    public string GoodImage(int variant) => IsFake ? $"registry.test/ncerepo/app@sha256:{variant:x64}" : RealImage;

    /// <summary>The good image's repository with a digest that does not exist: pulling it fails (ImagePullBackOff).</summary>
    public string UnpullableImage => GoodImage(1)[..GoodImage(1).IndexOf('@')] + "@" + FakePodLifecycle.UnpullableDigest;

    public async Task InitializeAsync()
    {
        var real = RealKubeconfig;
        if (real is null)
        {
            Fake = await FakeKubeApiServer.StartAsync();
            KubeconfigPath = _dir.Combine("kubeconfig");
            await File.WriteAllTextAsync(KubeconfigPath, Fake.Kubeconfig());
            (AdminContext, ReaderContext) = ("fake-admin", "fake-reader");
        }
        else
        {
            RealImage = Environment.GetEnvironmentVariable("SLIPWAY_TEST_KUBE_IMAGE")
                        ?? throw new InvalidOperationException("SLIPWAY_TEST_KUBECONFIG is set: also set SLIPWAY_TEST_KUBE_IMAGE (an image by digest serving /health)");
            var config = await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(real));
            AdminContext = Environment.GetEnvironmentVariable("SLIPWAY_TEST_KUBECONTEXT") ?? config.CurrentContext;
            Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigObject(config, AdminContext));
            ReaderContext = "slipway-reader";
            KubeconfigPath = _dir.Combine("kubeconfig");
            await File.WriteAllTextAsync(KubeconfigPath, KubernetesYaml.Serialize(await WithReaderAsync(config)));
        }
        Client ??= new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, AdminContext));
    }

    /// <summary>A fresh namespace name, deleted (if created) when the fixture is disposed.</summary>
    public string NewNamespace()
    {
        var name = "slipway-test-" + Guid.NewGuid().ToString("N")[..8];
        lock (_namespaces) _namespaces.Add(name);
        return name;
    }

    /// <summary>Creates <paramref name="name"/> labelled for the test environment (for tests that start with a namespace in place).</summary>
    public Task CreateNamespaceAsync(string name) => Client.CoreV1.CreateNamespaceAsync(new V1Namespace
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["slipway.io/environment"] = KubeTestCatalog.Environment } },
    });

    private async Task<K8SConfiguration> WithReaderAsync(K8SConfiguration config)
    {
        const string ns = "slipway-test-rbac";
        lock (_namespaces) _namespaces.Add(ns);
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "slipway-reader" } }, ns);
        await Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "slipway-test-reader-view" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "slipway-reader", NamespaceProperty = ns }],
        });
        var token = await Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { Audiences = [], ExpirationSeconds = 3600 },
        }, "slipway-reader", ns);
        var cluster = config.Contexts.First(c => c.Name == AdminContext).ContextDetails.Cluster;
        config.Users = [.. config.Users, new User { Name = "slipway-reader", UserCredentials = new UserCredentials { Token = token.Status.Token } }];
        config.Contexts = [.. config.Contexts, new Context { Name = ReaderContext, ContextDetails = new ContextDetails { Cluster = cluster, User = "slipway-reader" } }];
        return config;
    }

    public async Task DisposeAsync()
    {
        foreach (var ns in _namespaces)
            try { await Client.CoreV1.DeleteNamespaceAsync(ns); }
            catch (k8s.Autorest.HttpOperationException) { }
        if (!IsFake)
            try { await Client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync("slipway-test-reader-view"); }
            catch (k8s.Autorest.HttpOperationException) { }
        Client.Dispose();
        if (Fake is not null) await Fake.DisposeAsync();
        _dir.Dispose();
    }
}
