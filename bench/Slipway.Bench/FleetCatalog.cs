using System.Text.Json.Nodes;

namespace Slipway.Bench;

/// <summary>
/// The generated catalog of a fleet benchmark: <c>services</c> copies of the greeting sample (same repository and module,
/// own port, heap 32m/128m) in ONE environment, docker or kubernetes mode; <c>maxParallel</c> null = the default (4).
/// </summary>
public static class FleetCatalog
{
    /// <summary>A docker-mode environment on this engine (host <c>localhost</c>, unix socket).</summary>
    public static JsonObject DockerEnvironment() => new()
    {
        ["registry"] = "bench", ["mode"] = "docker",
        ["docker"] = new JsonObject { ["hosts"] = new JsonArray(new JsonObject
        {
            ["name"] = "localhost", ["endpoint"] = "unix:///var/run/docker.sock", ["address"] = "127.0.0.1",
        }) },
    };

    /// <summary>A kubernetes-mode environment on the fake API server's admin context, with a short minReadySeconds.</summary>
    public static JsonObject KubernetesEnvironment(string kubeconfig, string context, string ns) => new()
    {
        ["registry"] = "bench", ["mode"] = "kubernetes",
        ["kubernetes"] = new JsonObject
        {
            ["kubeconfig"] = kubeconfig, ["context"] = context, ["namespace"] = ns,
            ["rolloutTimeoutSeconds"] = 120, ["minReadySeconds"] = 1, ["progressDeadlineSeconds"] = 60, ["preStopSleepSeconds"] = 2,
            ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "1", ["maxUnavailable"] = "0" },
        },
    };

    /// <summary>The fleet's service names: fleet-01 .. fleet-NN.</summary>
    public static string[] ServiceNames(int size) => Enumerable.Range(1, size).Select(i => $"fleet-{i:00}").ToArray();

    /// <summary>Writes the catalog twice into <paramref name="folder"/>: with maxParallel 1 and with the default; returns both paths.</summary>
    public static (string Serial, string Parallel) WriteSerialAndDefault(string folder, string repoRoot, string source, string registryUrl,
        string environment, JsonObject env, IReadOnlyList<string> services, IReadOnlyDictionary<string, int> ports) =>
        (Write(Path.Combine(folder, "fleet-serial.json"), repoRoot, source, registryUrl, environment, env, services, ports, 1),
         Write(Path.Combine(folder, "fleet-default.json"), repoRoot, source, registryUrl, environment, env, services, ports, null));

    /// <summary>Writes the catalog to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, string repoRoot, string source, string registryUrl, string environment, JsonObject env,
        IReadOnlyList<string> services, IReadOnlyDictionary<string, int> ports, int? maxParallel)
    {
        env = (JsonObject)env.DeepClone();
        if (maxParallel is { } m) env["maxParallel"] = m;
        var serviceNodes = new JsonObject();
        foreach (var s in services)
            serviceNodes[s] = new JsonObject
            {
                ["repository"] = source, ["branch"] = "main",
                ["build"] = new JsonObject
                {
                    ["type"] = "module", ["module"] = "greeting-web",
                    ["settings"] = Path.Combine(repoRoot, "samples", "maven", "settings.xml"),
                },
                ["war"] = "greeting-web/target/greeting-web.war",
                ["port"] = ports[s],
                ["heap"] = new JsonObject { ["xms"] = "32m", ["xmx"] = "128m" },
                ["environments"] = new JsonObject { [environment] = new JsonObject { ["conf"] = "local" } },
            };
        var catalog = new JsonObject
        {
            ["registries"] = new JsonObject { ["bench"] = new JsonObject { ["url"] = registryUrl, ["namespace"] = "bench", ["insecure"] = true } },
            ["baseImages"] = new JsonObject
            {
                ["tomcat"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm", ["recipe"] = Path.Combine(repoRoot, "images", "base") },
            },
            ["defaults"] = new JsonObject { ["baseImage"] = "tomcat", ["healthTimeoutSeconds"] = 180, ["stopTimeoutSeconds"] = 20 },
            ["environments"] = new JsonObject { [environment] = env },
            ["services"] = serviceNodes,
        };
        File.WriteAllText(path, catalog.ToJsonString());
        return path;
    }
}
