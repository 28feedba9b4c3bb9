using System.Text.Json.Nodes;

namespace Slipway.TestSupport;

/// <summary>Catalog pieces for the greeting sample on this machine: the registry, the base image, a docker environment.</summary>
public static class SampleCatalog
{
    /// <summary>
    /// One insecure registry <paramref name="registryName"/>, the tomcat base image from the repository's recipe, one docker
    /// environment <paramref name="environment"/> on this engine, and <paramref name="service"/> as the sample's entry.
    /// </summary>
    public static JsonObject Json(string repoRoot, string registryName, string registryUrl, string @namespace, string environment,
        JsonObject service) => new()
    {
        ["registries"] = new JsonObject
        {
            [registryName] = new JsonObject { ["url"] = registryUrl, ["namespace"] = @namespace, ["insecure"] = true },
        },
        ["baseImages"] = new JsonObject
        {
            ["tomcat"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm", ["recipe"] = Path.Combine(repoRoot, "images", "base") },
        },
        ["defaults"] = new JsonObject { ["baseImage"] = "tomcat", ["healthTimeoutSeconds"] = 90, ["stopTimeoutSeconds"] = 20 },
        ["environments"] = new JsonObject { [environment] = LocalDockerEnvironment(registryName) },
        ["services"] = new JsonObject { [SampleRepository.Service] = service },
    };

    /// <summary>A docker-mode environment on registry <paramref name="registry"/> with one host: this machine's engine.</summary>
    public static JsonObject LocalDockerEnvironment(string registry) => new()
    {
        ["registry"] = registry, ["mode"] = "docker",
        ["docker"] = new JsonObject { ["hosts"] = new JsonArray(new JsonObject
        {
            ["name"] = "localhost", ["endpoint"] = "unix:///var/run/docker.sock", ["address"] = "127.0.0.1",
        }) },
    };
}
