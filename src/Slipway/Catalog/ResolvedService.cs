namespace Slipway.Catalog;

/// <summary>A service's effective settings in one environment, after applying environment overrides and catalog defaults.</summary>
public sealed record ResolvedService
{
    /// <summary>Service name (also the image repository's last path component).</summary>
    public required string Name { get; init; }
    /// <summary>Environment name.</summary>
    public required string Environment { get; init; }
    /// <summary>True when the service is listed under the environment and not disabled there.</summary>
    public required bool Enabled { get; init; }
    /// <summary>The service as written in the catalog.</summary>
    public required ServiceSpec Service { get; init; }
    /// <summary>The environment as written in the catalog.</summary>
    public required EnvironmentSpec EnvironmentSpec { get; init; }
    /// <summary>docker | static-pod | kubernetes.</summary>
    public string Mode => EnvironmentSpec.Mode;
    /// <summary>NCE_PORT: environment port ?? service port ?? defaults.port.</summary>
    public required int Port { get; init; }
    /// <summary>Health check path: service healthPath ?? defaults.healthPath.</summary>
    public required string HealthPath { get; init; }
    /// <summary>-Xms value (e.g. "128m"): environment ?? service ?? defaults, per field.</summary>
    public required string? Xms { get; init; }
    /// <summary>-Xmx value: environment ?? service ?? defaults, per field.</summary>
    public required string? Xmx { get; init; }
    /// <summary>(service javaOpts ?? defaults.javaOpts) followed by the environment's javaOpts, space-separated.</summary>
    public required string JavaOpts { get; init; }
    /// <summary>NCE_CONF: the environment's conf, or the environment name when unset.</summary>
    public required string Conf { get; init; }
    /// <summary>Replicas: environment replicas ?? defaults.replicas.</summary>
    public required int Replicas { get; init; }
    /// <summary>Seconds to wait for health after deploying (defaults.healthTimeoutSeconds).</summary>
    public required int HealthTimeoutSeconds { get; init; }
    /// <summary>Seconds a container gets to stop (defaults.stopTimeoutSeconds).</summary>
    public required int StopTimeoutSeconds { get; init; }
    /// <summary>Checks after each deploy here: the service's verification for the environment ?? the environment's; null: none.</summary>
    public VerificationSpec? Verification { get; init; }
    /// <summary>Name of the baseImages entry: service baseImage ?? defaults.baseImage.</summary>
    public required string BaseImageName { get; init; }
    /// <summary>The base image entry (its Image is the FROM reference).</summary>
    public required BaseImageSpec BaseImage { get; init; }
    /// <summary>Name of the environment's registry.</summary>
    public required string RegistryName { get; init; }
    /// <summary>The environment's registry.</summary>
    public required RegistrySpec Registry { get; init; }
    /// <summary>Registry host[:port], e.g. 127.0.0.1:5055.</summary>
    public required string RegistryHost { get; init; }
    /// <summary>&lt;registry host[:port]&gt;/&lt;namespace&gt;/&lt;service&gt;, without tag.</summary>
    public required string ImageRepository { get; init; }
    /// <summary>&lt;namespace&gt;/&lt;service&gt;: the repository path inside the registry.</summary>
    public string RepositoryPath => ImageRepository[(RegistryHost.Length + 1)..];
    /// <summary>The NCE_CONF folders of every environment the service is listed in (they form the config layer).</summary>
    public IReadOnlyList<string> ConfigFolders =>
        Service.Environments.Select(e => e.Value.Conf ?? e.Key).Distinct().Order(StringComparer.Ordinal).ToList();
}
