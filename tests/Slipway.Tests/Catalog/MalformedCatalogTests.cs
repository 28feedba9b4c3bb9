using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;

namespace Slipway.Tests.Catalog;

/// <summary>Each case breaks the shipped catalog in one way and expects a problem at a given JSON path.</summary>
public class MalformedCatalogTests
{
    private sealed record Case(Action<JsonObject> Break, string Path, string Problem, string? Fix = null);

    private static JsonObject Service(JsonObject c, string name) => c["services"]![name]!.AsObject();
    private static JsonObject Environment(JsonObject c, string name) => c["environments"]![name]!.AsObject();
    private static JsonObject Registry(JsonObject c, string name) => c["registries"]![name]!.AsObject();
    private static JsonObject RegistryBase(string registry, string image, string? platform = null)
    {
        var node = new JsonObject { ["registry"] = registry, ["image"] = image };
        if (platform is not null) node["platform"] = platform;
        return node;
    }
    private static JsonArray DevelopHosts(JsonObject c) => Environment(c, "develop")["docker"]!["hosts"]!.AsArray();

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Schema level: unknown fields, required fields, types, enums, patterns, ranges.
        ["unknown field"] = new(c => Service(c, "nce-api")["prot"] = 8081,
            "$.services.nce-api.prot", "unknown field 'prot'", "remove it or check the spelling (did you mean 'port'? known fields: repository,"),
        ["unknown nested field"] = new(c => DevelopHosts(c)[0]!["tsl"] = new JsonObject(),
            "$.environments.develop.docker.hosts[0].tsl", "unknown field 'tsl'", "did you mean 'tls'?"),
        ["missing required field"] = new(c => Service(c, "nce-api").Remove("war"),
            "$.services.nce-api.war", "missing required field 'war'", "add \"war\""),
        ["missing top-level section"] = new(c => c.Remove("services"),
            "$.services", "missing required field 'services'"),
        ["wrong type"] = new(c => Service(c, "nce-api")["port"] = "8081",
            "$.services.nce-api.port", "wrong type: 'port' is a string \"8081\"", "make it a whole number"),
        ["unknown mode"] = new(c => Environment(c, "test")["mode"] = "swarm",
            "$.environments.test.mode", "\"swarm\" is not a valid 'mode'", "use one of: docker, static-pod, kubernetes"),
        ["unknown build type"] = new(c => Service(c, "nce-api")["build"]!["type"] = "multi",
            "$.services.nce-api.build.type", "\"multi\" is not a valid 'type'", "use one of: single, module"),
        ["service name not a DNS-1123 label"] = new(c => c["services"]!["Nce_Api"] = Service(c, "nce-api").DeepClone(),
            "$.services.Nce_Api", "invalid name 'Nce_Api'", "DNS-1123 label"),
        ["environment name too long"] = new(c => c["environments"]![new string('e', 64)] = Environment(c, "develop").DeepClone(),
            "$.environments." + new string('e', 64), "invalid name", "DNS-1123 label"),
        ["port out of range"] = new(c => Service(c, "nce-api")["port"] = 70000,
            "$.services.nce-api.port", "'port' 70000 is out of range", "from 1 to 65535"),
        ["heap without unit"] = new(c => c["defaults"]!["heap"]!["xmx"] = "256",
            "$.defaults.heap.xmx", "invalid 'xmx' \"256\"", "digits followed by k, m or g"),
        ["registry url without http(s)"] = new(c => Registry(c, "hub")["url"] = "ftp://hub.c.163.com",
            "$.registries.hub.url", "invalid 'url' \"ftp://hub.c.163.com\""),
        ["registry namespace upper case"] = new(c => Registry(c, "hub")["namespace"] = "NceRepo",
            "$.registries.hub.namespace", "invalid 'namespace' \"NceRepo\"", "lower-case"),
        ["inline password"] = new(c => Registry(c, "hub")["password"] = "hunter2",
            "$.registries.hub.password", "secrets are never inline; reference an environment variable with passwordEnv or a file with passwordFile"),
        ["inline token in credentials"] = new(c => Registry(c, "hub")["credentials"]!["token"] = "abc",
            "$.registries.hub.credentials.token", "secrets are never inline"),

        ["ledger without repository"] = new(c => Environment(c, "test")["ledger"] = new JsonObject { ["branch"] = "main" },
            "$.environments.test.ledger.repository", "missing required field 'repository'"),
        ["repository deploy key without known_hosts"] = new(c => Service(c, "nce-api")["repositoryAuth"] = new JsonObject { ["sshKeyFile"] = "keys/nce-api" },
            "$.services.nce-api.repositoryAuth.knownHostsFile", "sshKeyFile and knownHostsFile go together", "known_hosts file"),
        ["repository token for an SSH repository"] = new(c => Service(c, "nce-api")["repositoryAuth"] = new JsonObject { ["tokenEnv"] = "NCE_GIT_TOKEN" },
            "$.services.nce-api.repositoryAuth.tokenEnv", "HTTPS settings for a repository that is not reached over HTTP(S)", "https://"),
        ["repository deploy key for an HTTPS repository"] = new(c =>
            {
                Service(c, "nce-api")["repository"] = "https://git.internal/nce/nce-api.git";
                Service(c, "nce-api")["repositoryAuth"] = new JsonObject { ["sshKeyFile"] = "k", ["knownHostsFile"] = "kh" };
            },
            "$.services.nce-api.repositoryAuth.sshKeyFile", "SSH settings for a repository that is not reached over SSH", "git@host:path.git"),
        ["repository token variable not a variable name"] = new(c =>
            {
                Service(c, "nce-api")["repository"] = "https://git.internal/nce/nce-api.git";
                Service(c, "nce-api")["repositoryAuth"] = new JsonObject { ["tokenEnv"] = "$NCE TOKEN" };
            },
            "$.services.nce-api.repositoryAuth.tokenEnv", "invalid 'tokenEnv'"),
        ["ssh dockerHost empty"] = new(c => DevelopHosts(c)[0]!["ssh"]!["dockerHost"] = "",
            "$.environments.develop.docker.hosts[0].ssh.dockerHost", "dockerHost"),

        // Names.
        ["image reference upper-case path"] = new(c => c["baseImages"]!["tomcat10-jre17"]!["image"] = "Slipway/Tomcat10:bookworm",
            "$.baseImages.tomcat10-jre17.image", "invalid image reference 'Slipway/Tomcat10:bookworm'", "lower-case path components"),
        ["image reference short digest"] = new(c => c["baseImages"]!["tomcat10-jre17"]!["image"] = "registry:5000/slipway/tomcat@sha256:abc",
            "$.baseImages.tomcat10-jre17.image", "invalid image reference"),
        ["branch with .."] = new(c => Service(c, "nce-api")["branch"] = "feature..x",
            "$.services.nce-api.branch", "invalid git branch name 'feature..x': it contains '..'"),
        ["branch with leading dash"] = new(c => Service(c, "nce-api")["branch"] = "-develop",
            "$.services.nce-api.branch", "starts with '-'"),
        ["branch ending .lock"] = new(c => Service(c, "nce-api")["branch"] = "release/1.0.lock",
            "$.services.nce-api.branch", "ending with '.lock'"),
        ["docker endpoint listed twice"] = new(c => DevelopHosts(c)[1]!["endpoint"] = DevelopHosts(c)[0]!["endpoint"]!.GetValue<string>(),
            "$.environments.develop.docker.hosts[1].endpoint", "is listed twice in this environment", "list every engine once"),
        ["maxParallel zero"] = new(c => Environment(c, "develop")["maxParallel"] = 0,
            "$.environments.develop.maxParallel", "'maxParallel' 0 is out of range"),
        ["port offset onto another environment's port"] = new(c => Environment(c, "local")["docker"]!["hosts"]![0]!["portOffset"] = 1,
            "$.services.greeting-web.environments.local-staging.port",
            "port 18081 is used by both 'greeting-web' and 'greeting-web' on a host shared by environments 'local' and 'local-staging'"),
        ["branch with space"] = new(c => Service(c, "nce-api")["branch"] = "my branch",
            "$.services.nce-api.branch", "contains ' '"),
        ["branch with @{"] = new(c => Service(c, "nce-api")["branch"] = "a@{1}",
            "$.services.nce-api.branch", "contains '@{'"),
        ["static pod branch with //"] = new(c => Environment(c, "test")["staticPod"]!["branch"] = "env//test",
            "$.environments.test.staticPod.branch", "contains '//'"),

        // References.
        ["unknown registry"] = new(c => Environment(c, "test")["registry"] = "harbor",
            "$.environments.test.registry", "unknown registry 'harbor'", "local, local-b, hub"),
        ["service in unknown environment"] = new(c => Service(c, "nce-api")["environments"]!["staging"] = new JsonObject(),
            "$.services.nce-api.environments.staging", "unknown environment 'staging'", "use one of: local, local-staging, develop"),
        ["unknown service base image"] = new(c => Service(c, "nce-api")["baseImage"] = "tomcat9",
            "$.services.nce-api.baseImage", "unknown base image 'tomcat9'", "tomcat10-jre17"),
        ["unknown default base image"] = new(c => c["defaults"]!["baseImage"] = "tomcat9",
            "$.defaults.baseImage", "unknown base image 'tomcat9'"),
        ["unknown promoteFrom"] = new(c => Environment(c, "test")["promoteFrom"] = "dev",
            "$.environments.test.promoteFrom", "unknown environment 'dev'"),
        ["promotion cycle"] = new(c => Environment(c, "develop")["promoteFrom"] = "online-region3",
            "$.environments.develop.promoteFrom", "promotion cycle: develop <- online-region3 <- online-region2"),

        // Mode-specific.
        ["docker without hosts"] = new(c => DevelopHosts(c).Clear(),
            "$.environments.develop.docker.hosts", "mode 'docker' requires at least one docker host"),
        ["docker without block"] = new(c => Environment(c, "develop").Remove("docker"),
            "$.environments.develop.docker.hosts", "requires at least one docker host"),
        ["duplicate docker host"] = new(c => DevelopHosts(c)[1]!["name"] = "dev-docker-1",
            "$.environments.develop.docker.hosts[1].name", "duplicate docker host name 'dev-docker-1'"),
        ["docker endpoint scheme"] = new(c => DevelopHosts(c)[1]!["endpoint"] = "http://dev-docker-2.internal:2375",
            "$.environments.develop.docker.hosts[1].endpoint", "invalid docker endpoint", "unix:///var/run/docker.sock or tcp://host:port"),
        ["remote tcp without tls"] = new(c => DevelopHosts(c)[1]!.AsObject().Remove("tls"),
            "$.environments.develop.docker.hosts[1].endpoint", "has no tls", "add \"tls\""),
        ["static-pod without block"] = new(c => Environment(c, "test").Remove("staticPod"),
            "$.environments.test.staticPod", "mode 'static-pod' requires a 'staticPod' block"),
        ["static-pod without nodes"] = new(c => Environment(c, "test")["staticPod"]!["nodes"] = new JsonArray(),
            "$.environments.test.staticPod.nodes", "requires at least one node"),
        ["static-pod without repository"] = new(c => Environment(c, "test")["staticPod"]!.AsObject().Remove("repository"),
            "$.environments.test.staticPod.repository", "missing required field 'repository'"),
        ["kubernetes namespace not DNS-1123"] = new(c => Environment(c, "pubtest")["kubernetes"]!["namespace"] = "YQ_Liantiao",
            "$.environments.pubtest.kubernetes.namespace", "invalid kubernetes namespace 'YQ_Liantiao'"),
        ["kubernetes without context"] = new(c => Environment(c, "pubtest")["kubernetes"]!.AsObject().Remove("context"),
            "$.environments.pubtest.kubernetes.context", "missing required field 'context'"),
        ["kubernetes without block"] = new(c => Environment(c, "pubtest").Remove("kubernetes"),
            "$.environments.pubtest.kubernetes", "requires a 'kubernetes' block"),
        ["kubernetes rollout that can never replace a pod"] = new(c => Environment(c, "pubtest")["kubernetes"]!["rollingUpdate"] =
                new JsonObject { ["maxSurge"] = "0", ["maxUnavailable"] = "0%" },
            "$.environments.pubtest.kubernetes.rollingUpdate", "maxSurge and maxUnavailable are both zero", "\"maxSurge\": \"1\""),
        ["kubernetes maxSurge not a count or percentage"] = new(c => Environment(c, "pubtest")["kubernetes"]!["rollingUpdate"] =
                new JsonObject { ["maxSurge"] = "one" },
            "$.environments.pubtest.kubernetes.rollingUpdate.maxSurge", "\"one\""),
        ["kubernetes progress deadline not above minReadySeconds"] = new(c =>
            {
                Environment(c, "pubtest")["kubernetes"]!["minReadySeconds"] = 30;
                Environment(c, "pubtest")["kubernetes"]!["progressDeadlineSeconds"] = 30;
            },
            "$.environments.pubtest.kubernetes.progressDeadlineSeconds", "must be greater than minReadySeconds (30)"),
        ["kubernetes resource quantity"] = new(c => Environment(c, "pubtest")["kubernetes"]!["resources"] =
                new JsonObject { ["limits"] = new JsonObject { ["memory"] = "lots" } },
            "$.environments.pubtest.kubernetes.resources.limits.memory", "\"lots\""),
        ["block of another mode"] = new(c => Environment(c, "pubtest")["docker"] = DevelopHosts(c).Parent!.DeepClone(),
            "$.environments.pubtest.docker", "'docker' settings are ignored in mode 'kubernetes'"),

        // Build.
        ["module build without module"] = new(c => Service(c, "nce-interlayer-main")["build"]!.AsObject().Remove("module"),
            "$.services.nce-interlayer-main.build.module", "build type 'module' requires 'module'"),
        ["single build with module"] = new(c => Service(c, "nce-api")["build"]!["module"] = "nce-api",
            "$.services.nce-api.build.module", "build type 'single' must not set 'module'"),

        // Ports on host-network modes.
        ["duplicate service port on docker hosts"] = new(c => Service(c, "nce-openapi")["port"] = 8081,
            "$.services.nce-openapi.port", "port 8081 is used by both 'nce-api' and 'nce-openapi' in environment 'develop'"),
        ["duplicate port on static-pod nodes"] = new(c => Service(c, "nce-openapi")["environments"]!["test"]!["port"] = 8081,
            "$.services.nce-openapi.environments.test.port", "port 8081 is used by both 'nce-api' and 'nce-openapi' in environment 'test'"),
        ["duplicate default port"] = new(c => { Service(c, "nce-api").Remove("port"); Service(c, "nce-openapi").Remove("port"); },
            "$.defaults.port", "port 8080 is used by both 'nce-api' and 'nce-openapi' in environment 'develop'"),
        ["same port on a shared host"] = new(c => Service(c, "greeting-web")["environments"]!["local-staging"]!["port"] = 18080,
            "$.services.greeting-web.environments.local-staging.port", "on a host shared by environments 'local' and 'local-staging'"),

        // Registries and time zone.
        ["plain http to a remote registry"] = new(c => Registry(c, "hub")["url"] = "http://hub.c.163.com",
            "$.registries.hub.url", "uses plain http", "use https://"),
        ["plain http without insecure"] = new(c => Registry(c, "local")["insecure"] = false,
            "$.registries.local.url", "uses plain http", "set \"insecure\": true"),
        ["managed remote registry"] = new(c => Registry(c, "hub")["managed"] = true,
            "$.registries.hub.managed", "is managed but its host 'hub.c.163.com' is not loopback"),
        ["base in an unknown registry"] = new(c => c["baseImages"]!["tomcat10-jre17"] = RegistryBase("dockerhub", "library/tomcat:10.1-jre17"),
            "$.baseImages.tomcat10-jre17.registry", "unknown registry 'dockerhub'", "use one of the registries entries: local, local-b, hub"),
        ["base in a registry named with a host"] = new(c => c["baseImages"]!["tomcat10-jre17"] = RegistryBase("hub", "hub.c.163.com/library/tomcat:10"),
            "$.baseImages.tomcat10-jre17.image", "invalid reference 'hub.c.163.com/library/tomcat:10' for a base in registry 'hub'", "without a host"),
        ["base in a registry with a bad platform"] = new(c => c["baseImages"]!["tomcat10-jre17"] = RegistryBase("hub", "library/tomcat:10", "arm64"),
            "$.baseImages.tomcat10-jre17.platform", "invalid platform 'arm64'", "os/architecture[/variant]"),
        ["platform on an engine base"] = new(c => c["baseImages"]!["tomcat10-jre17"]!["platform"] = "linux/arm64",
            "$.baseImages.tomcat10-jre17.platform", "is only read for a base in a registry", "set \"registry\""),
        ["recipe on a registry base"] = new(c => { c["baseImages"]!["tomcat10-jre17"] = RegistryBase("hub", "library/tomcat:10"); c["baseImages"]!["tomcat10-jre17"]!["recipe"] = "images/base"; },
            "$.baseImages.tomcat10-jre17.recipe", "its recipe would never be built", "remove \"recipe\""),
        ["unknown time zone"] = new(c => c["timeZone"] = "Mars/Olympus_Mons",
            "$.timeZone", "unknown time zone 'Mars/Olympus_Mons'", "IANA time zone id"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Malformed_catalog_is_rejected_naming_path_and_problem(string caseName)
    {
        var (breakIt, path, problem, fix) = Cases[caseName];
        var catalog = ShippedCatalog.Node();
        breakIt(catalog);

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFromJson(catalog.ToJsonString(), "/repo", "services.json", DeployModes.Shipped));

        var atPath = error.Problems.Where(p => p.JsonPath == path).ToList();
        Assert.True(atPath.Count > 0, $"no problem at {path}; got:\n{error.Message}");
        var match = atPath.FirstOrDefault(p => p.Problem.Contains(problem, StringComparison.Ordinal));
        Assert.True(match is not null, $"no problem containing \"{problem}\" at {path}; got:\n{error.Message}");
        if (fix is not null) Assert.True(match!.Fix.Contains(fix, StringComparison.Ordinal), $"fix lacks \"{fix}\": {match.Fix}");
        Assert.Contains(match!.Format("services.json"), error.Message);
        Assert.StartsWith($"services.json: {path}: {match.Problem.TrimEnd('.')}. Fix: ", match.Format("services.json"));
    }

    [Fact]
    public void There_are_at_least_twenty_cases() => Assert.True(Cases.Count >= 20);

    [Fact]
    public void Equal_ports_in_kubernetes_mode_are_fine()
    {
        var catalog = ShippedCatalog.Node();
        foreach (var name in new[] { "nce-api", "nce-openapi" })
        {
            var environments = Service(catalog, name)["environments"]!.AsObject();
            foreach (var env in environments.Select(e => e.Key).Where(e => e is not ("pubtest" or "online-region1")).ToList())
                environments.Remove(env);
            Service(catalog, name)["port"] = 9000;
        }

        var loaded = CatalogLoader.LoadFromJson(catalog.ToJsonString(), "/repo", "services.json", DeployModes.Shipped);

        Assert.Equal(9000, loaded.Services["nce-openapi"].Port);
    }
}
