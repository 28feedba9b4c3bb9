using System.Text.Json.Serialization;

namespace Slipway.Catalog;

// The in-memory shape of services.json. Property names map 1:1 to camelCase JSON keys.
// Loading and validation live in CatalogLoader / CatalogValidator; these types only carry data.

public sealed record Catalog
{
    public string TimeZone { get; init; } = "UTC";
    public Dictionary<string, RegistrySpec> Registries { get; init; } = new();
    public Dictionary<string, BaseImageSpec> BaseImages { get; init; } = new();
    public ServiceDefaults Defaults { get; init; } = new();
    public Dictionary<string, EnvironmentSpec> Environments { get; init; } = new();
    public Dictionary<string, ServiceSpec> Services { get; init; } = new();
    /// <summary>Image signing defaults for every environment (see <see cref="SigningSpec"/>); null: no signing.</summary>
    public SigningSpec? Signing { get; init; }
    /// <summary>Environments that roll one after another as one plan (e.g. the online regions), by plan name; Promote --to accepts the name.</summary>
    public Dictionary<string, List<string>> WavePlans { get; init; } = new();

    /// <summary>Folder of the catalog file; relative repositories and recipes resolve against it.</summary>
    [JsonIgnore] public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The deploy modes this catalog was loaded with; an environment's "mode" names one of them.</summary>
    [JsonIgnore] public IReadOnlyList<ICatalogMode> Modes { get; init; } = [];
}

public sealed record RegistrySpec
{
    /// <summary>http(s)://host[:port]; http only for loopback registries marked insecure.</summary>
    public string Url { get; init; } = "";
    /// <summary>Repository namespace, e.g. "ncerepo" -> host/ncerepo/&lt;service&gt;.</summary>
    public string Namespace { get; init; } = "";
    public bool Insecure { get; init; }
    /// <summary>When true, Slipway starts this registry itself on this machine (loopback only).</summary>
    public bool Managed { get; init; }
    public CredentialsRef? Credentials { get; init; }
    /// <summary>PEM file of the CA that issued the registry's HTTPS certificate (a private CA); null: the machine's trust store.</summary>
    public string? CaFile { get; init; }
    /// <summary>PEM client certificate, for registries that want one (with <see cref="KeyFile"/>).</summary>
    public string? CertFile { get; init; }
    /// <summary>PEM private key of <see cref="CertFile"/>.</summary>
    public string? KeyFile { get; init; }
}

/// <summary>Credentials by reference only: environment variable names or file paths, never values.</summary>
public sealed record CredentialsRef
{
    public string? UsernameEnv { get; init; }
    public string? PasswordEnv { get; init; }
    public string? PasswordFile { get; init; }
    public string? Username { get; init; }
}

public sealed record BaseImageSpec
{
    /// <summary>Image reference the application image is built FROM; with <see cref="Registry"/>, a path[:tag][@digest] in that registry.</summary>
    public string Image { get; init; } = "";
    /// <summary>Folder with the recipe that builds it when the engine does not have it (relative to the catalog).</summary>
    public string? Recipe { get; init; }
    /// <summary>The registries entry holding the base: it is read (and copied) registry to registry, no engine involved; null: the engine's base.</summary>
    public string? Registry { get; init; }
    /// <summary>os/architecture[/variant] selected from a multi-platform base (default linux/amd64); only with <see cref="Registry"/>.</summary>
    public string? Platform { get; init; }
}

public sealed record HeapSpec
{
    public string? Xms { get; init; }
    public string? Xmx { get; init; }
}

public sealed record ServiceDefaults
{
    public string BaseImage { get; init; } = "";
    public int Port { get; init; } = 8080;
    public string HealthPath { get; init; } = "/health";
    public HeapSpec Heap { get; init; } = new() { Xms = "128m", Xmx = "256m" };
    public string JavaOpts { get; init; } = "";
    public int Replicas { get; init; } = 1;
    public int HealthTimeoutSeconds { get; init; } = 120;
    public int StopTimeoutSeconds { get; init; } = 30;
    /// <summary>Services deployed at the same time to one environment (each service's own rollout stays ordered).</summary>
    public int MaxParallel { get; init; } = 4;
}

public sealed record EnvironmentSpec
{
    public string Registry { get; init; } = "";
    /// <summary>The name of one of the catalog's deploy modes (docker | static-pod | kubernetes as shipped).</summary>
    public string Mode { get; init; } = "";
    /// <summary>The environment this one receives images from (promotion order); null for the first stage.</summary>
    public string? PromoteFrom { get; init; }
    public string? Description { get; init; }
    /// <summary>Services deployed at the same time here; null = defaults.maxParallel.</summary>
    public int? MaxParallel { get; init; }
    public DockerModeSpec? Docker { get; init; }
    public StaticPodModeSpec? StaticPod { get; init; }
    public KubernetesModeSpec? Kubernetes { get; init; }
    /// <summary>Where this environment's release ledger lives; null = a local file under the state folder (.slipway/ledger/&lt;env&gt;.jsonl).</summary>
    public LedgerSpec? Ledger { get; init; }
    /// <summary>Release gates: windows, soak, approvals (see <see cref="GatesSpec"/>).</summary>
    public GatesSpec? Gates { get; init; }
    /// <summary>This environment's image signing over the catalog's default (see <see cref="SigningSpec"/>).</summary>
    public SigningSpec? Signing { get; init; }
    /// <summary>Checks run after every deploy, promotion and rollback here (see <see cref="VerificationSpec"/>); null: none.</summary>
    public VerificationSpec? Verification { get; init; }
    /// <summary>Ordered, cumulative waves over the mode's targets (a host count or "25%" each, see <see cref="WavePlan"/>); null: one wave.</summary>
    public List<System.Text.Json.JsonElement>? Waves { get; init; }
    /// <summary>When a wave fails, roll back the waves before it too (default: only the failed wave).</summary>
    public bool RollBackEarlierWaves { get; init; }
    /// <summary>Settings blocks of deploy modes added after the shipped ones, by their settings key.</summary>
    [JsonExtensionData] public Dictionary<string, System.Text.Json.JsonElement>? OtherModeSettings { get; init; }
}

/// <summary>A shared release ledger: JSON-lines files in a git repository branch, appended with commit and push.</summary>
public sealed record LedgerSpec
{
    /// <summary>Git URL (or path) of the ledger repository.</summary>
    public string Repository { get; init; } = "";
    public string Branch { get; init; } = "main";
}

public sealed record DockerModeSpec
{
    public List<DockerHostSpec> Hosts { get; init; } = new();
    public string RestartPolicy { get; init; } = "unless-stopped";
    public int BatchSize { get; init; } = 1;
}

public sealed record DockerHostSpec
{
    public string Name { get; init; } = "";
    /// <summary>unix:///path or tcp://host:port</summary>
    public string Endpoint { get; init; } = "";
    /// <summary>Address the health check uses to reach services on this host.</summary>
    public string Address { get; init; } = "127.0.0.1";
    /// <summary>Added to every service's port on this host, so several host entries can share one machine's network.</summary>
    public int PortOffset { get; init; }
    public DockerTlsSpec? Tls { get; init; }
    public SshTargetSpec? Ssh { get; init; }
}

public sealed record DockerTlsSpec
{
    public string CaFile { get; init; } = "";
    public string CertFile { get; init; } = "";
    public string KeyFile { get; init; } = "";
}

public sealed record SshTargetSpec
{
    public string Host { get; init; } = "";
    public int Port { get; init; } = 22;
    public string User { get; init; } = "root";
    public string IdentityFile { get; init; } = "";
    public string KnownHostsFile { get; init; } = "";
    /// <summary>DOCKER_HOST for the docker CLI on the remote host (e.g. unix:///var/run/docker.sock); null = the CLI's default.</summary>
    public string? DockerHost { get; init; }
}

public sealed record StaticPodModeSpec
{
    public string Repository { get; init; } = "";
    public string Branch { get; init; } = "main";
    public List<StaticPodNodeSpec> Nodes { get; init; } = new();
}

public sealed record StaticPodNodeSpec
{
    public string Name { get; init; } = "";
    public string? Address { get; init; }
}

public sealed record KubernetesModeSpec
{
    public string Context { get; init; } = "";
    public string Namespace { get; init; } = "";
    public Dictionary<string, string> NodeSelector { get; init; } = new();
    public string? ImagePullSecret { get; init; }
    public int RolloutTimeoutSeconds { get; init; } = 600;
    /// <summary>kubeconfig file, relative to the catalog; null: $KUBECONFIG, else ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }
    public RollingUpdateSpec RollingUpdate { get; init; } = new();
    /// <summary>Seconds a new pod must stay ready before it counts as available.</summary>
    public int MinReadySeconds { get; init; }
    /// <summary>Seconds without progress before Kubernetes reports ProgressDeadlineExceeded.</summary>
    public int ProgressDeadlineSeconds { get; init; } = 600;
    /// <summary>Old ReplicaSets kept; the previous one is the rollback target.</summary>
    public int RevisionHistoryLimit { get; init; } = 10;
    /// <summary>preStop sleep: a terminating pod keeps serving while it leaves the endpoints.</summary>
    public int PreStopSleepSeconds { get; init; } = 5;
    /// <summary>postStart exec hook command; null renders no postStart hook.</summary>
    public List<string>? PostStart { get; init; }
    public ResourcesSpec Resources { get; init; } = ResourcesSpec.Default;
}

/// <summary>RollingUpdate knobs as Kubernetes spells them: a count ("1") or a percentage ("25%").</summary>
public sealed record RollingUpdateSpec
{
    public string MaxSurge { get; init; } = "25%";
    public string MaxUnavailable { get; init; } = "25%";
}

/// <summary>Container resources by resource name (cpu, memory), as Kubernetes quantities.</summary>
public sealed record ResourcesSpec
{
    public Dictionary<string, string> Requests { get; init; } = new();
    public Dictionary<string, string> Limits { get; init; } = new();

    /// <summary>Requests cpu 250m / memory 512Mi, limit memory 1Gi: room for the default 256m heap plus Tomcat.</summary>
    public static ResourcesSpec Default => new()
    {
        Requests = new() { ["cpu"] = "250m", ["memory"] = "512Mi" },
        Limits = new() { ["memory"] = "1Gi" },
    };
}

public sealed record BuildSpec
{
    /// <summary>single: mvn clean package; module: mvn clean install -pl &lt;module&gt; -am</summary>
    public string Type { get; init; } = "single";
    public string? Module { get; init; }
    public List<string> MavenArgs { get; init; } = new();
    /// <summary>Maven settings.xml passed with -s, relative to the catalog (default: the machine's own settings).</summary>
    public string? Settings { get; init; }
    /// <summary>Remote Maven repositories the build also reads, with credentials from environment variables.</summary>
    public List<MavenRepositorySpec> Repositories { get; init; } = new();
}

/// <summary>A remote Maven repository; its credentials reach Maven as <c>${env.VAR}</c> in the generated settings' &lt;server&gt;.</summary>
public sealed record MavenRepositorySpec
{
    /// <summary>Repository id: the &lt;server&gt; and &lt;repository&gt; id Maven matches.</summary>
    public string Id { get; init; } = "";
    public string Url { get; init; } = "";
    /// <summary>Environment variable holding the user name (with <see cref="PasswordEnv"/>; both or neither).</summary>
    public string? UsernameEnv { get; init; }
    /// <summary>Environment variable holding the password or token.</summary>
    public string? PasswordEnv { get; init; }
}

/// <summary>How git reaches a service repository (see Source.GitAccess); paths are relative to the catalog.</summary>
public sealed record RepositoryAuthSpec
{
    /// <summary>SSH deploy key (private key) for git@host:path and ssh:// repositories.</summary>
    public string? SshKeyFile { get; init; }
    /// <summary>known_hosts file pinning the SSH server's host key (strict checking; no other known_hosts file is read).</summary>
    public string? KnownHostsFile { get; init; }
    /// <summary>Name of the environment variable holding the token for https:// repositories.</summary>
    public string? TokenEnv { get; init; }
    /// <summary>User name sent with the token.</summary>
    public string? TokenUser { get; init; }
    /// <summary>PEM file of the CA that signed the HTTPS server's certificate.</summary>
    public string? CaFile { get; init; }
}

public sealed record ServiceSpec
{
    public string Repository { get; init; } = "";
    /// <summary>How git reaches <see cref="Repository"/>; null: the machine's own ssh setup and credential helpers.</summary>
    public RepositoryAuthSpec? RepositoryAuth { get; init; }
    /// <summary>Sub-folder of the repository holding the Maven project (default: the repository root).</summary>
    public string? Directory { get; init; }
    public string Branch { get; init; } = "develop";
    public BuildSpec Build { get; init; } = new();
    /// <summary>Path of the built .war, relative to the Maven project folder.</summary>
    public string War { get; init; } = "";
    public string? BaseImage { get; init; }
    public int? Port { get; init; }
    public string? HealthPath { get; init; }
    public HeapSpec? Heap { get; init; }
    public string? JavaOpts { get; init; }
    /// <summary>Environments the service is enabled in, with per-environment settings.</summary>
    public Dictionary<string, ServiceEnvironmentSpec> Environments { get; init; } = new();
}

public sealed record ServiceEnvironmentSpec
{
    public bool Enabled { get; init; } = true;
    /// <summary>NCE_CONF: the config folder selected in this environment.</summary>
    public string? Conf { get; init; }
    /// <summary>NCE_PORT override.</summary>
    public int? Port { get; init; }
    public int? Replicas { get; init; }
    public HeapSpec? Heap { get; init; }
    public string? JavaOpts { get; init; }
    /// <summary>Container resources here (kubernetes mode), replacing the environment's.</summary>
    public ResourcesSpec? Resources { get; init; }
    /// <summary>Gate fields that replace the environment's for this service.</summary>
    public GatesSpec? Gates { get; init; }
    /// <summary>Verification here, replacing the environment's whole.</summary>
    public VerificationSpec? Verification { get; init; }
}
