using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;

namespace Slipway.TestSupport;

/// <summary>A small catalog with one kubernetes-mode environment "kube-test" and one service "app", loaded through the real loader (so validation runs).</summary>
public static class KubeTestCatalog
{
    public const string Environment = "kube-test";
    public const string Service = "app";

    /// <summary>Splits <c>host/namespace/service@digest</c> into the registry URL, namespace and service name a catalog needs.</summary>
    public static (string RegistryUrl, string Namespace, string Service, string Digest) Split(string imageByDigest)
    {
        var at = imageByDigest.IndexOf('@');
        var parts = imageByDigest[..at].Split('/');
        return ("https://" + parts[0], string.Join('/', parts[1..^1]), parts[^1], imageByDigest[(at + 1)..]);
    }

    /// <summary>The catalog; <paramref name="edit"/> may change the environment's kubernetes block and the service's settings there.</summary>
    public static Slipway.Catalog.Catalog Create(string ns, string context, int progressDeadlineSeconds, string? kubeconfig = null,
        Action<JsonObject, JsonObject>? edit = null, string baseDirectory = "/tmp", string image = "registry.test/ncerepo/app@sha256:0")
    {
        var kubernetes = new JsonObject
        {
            ["context"] = context,
            ["namespace"] = ns,
            ["nodeSelector"] = new JsonObject(),
            ["rolloutTimeoutSeconds"] = 300,
            ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "1", ["maxUnavailable"] = "0" },
            ["minReadySeconds"] = 1,
            ["progressDeadlineSeconds"] = progressDeadlineSeconds,
            ["preStopSleepSeconds"] = 2,
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "50m", ["memory"] = "128Mi" } },
        };
        if (kubeconfig is not null) kubernetes["kubeconfig"] = kubeconfig;
        var serviceEnvironment = new JsonObject { ["conf"] = "kube", ["replicas"] = 2 };
        edit?.Invoke(kubernetes, serviceEnvironment);
        var (registryUrl, repositoryNamespace, service, _) = Split(image);
        var catalog = new JsonObject
        {
            ["registries"] = new JsonObject { ["test"] = new JsonObject { ["url"] = registryUrl, ["namespace"] = repositoryNamespace } },
            ["baseImages"] = new JsonObject { ["base"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm" } },
            ["defaults"] = new JsonObject { ["baseImage"] = "base", ["heap"] = new JsonObject { ["xms"] = "64m", ["xmx"] = "128m" } },
            ["environments"] = new JsonObject
            {
                [Environment] = new JsonObject { ["registry"] = "test", ["mode"] = "kubernetes", ["kubernetes"] = kubernetes },
            },
            ["services"] = new JsonObject
            {
                [service] = new JsonObject
                {
                    ["repository"] = ".", ["build"] = new JsonObject { ["type"] = "single" }, ["war"] = "target/app.war",
                    ["port"] = 18480, ["healthPath"] = "/health",
                    ["environments"] = new JsonObject { [Environment] = serviceEnvironment },
                },
            },
        };
        return CatalogLoader.LoadFromJson(catalog.ToJsonString(), baseDirectory, "kube-test-catalog.json", DeployModes.Shipped);
    }

    public static ResolvedService Resolve(Slipway.Catalog.Catalog catalog) => catalog.Resolve(Service, Environment);
}
