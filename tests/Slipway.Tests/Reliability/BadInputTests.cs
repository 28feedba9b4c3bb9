using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.War;
using Xunit.Abstractions;
using static Slipway.Tests.Fixtures.BadInputFixture;

namespace Slipway.Tests.Reliability;

/// <summary>
/// The bad-input table: each case feeds Slipway one wrong thing (catalog, command line, branch or commit, WAR, build,
/// engine, registry, Kubernetes credentials, trigger API requests), mostly through the real build host as users run it. Each must fail with a
/// non-zero exit and a message naming the input, the problem and the fix, and leave nothing behind: no container, no
/// tag or manifest in the registry, no ledger entry, no Kubernetes object, no unpacked WAR, no rendered artifact.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class BadInputTests(BadInputFixture fixture, ITestOutputHelper output) : IClassFixture<BadInputFixture>
{
    /// <summary>What kind of input a case breaks; the table must cover each.</summary>
    public enum Category { Catalog, CommandLine, GitRef, War, MissingWar, Maven, Engine, RegistryCredentials, Token, Registry, Kubeconfig, TriggerApi, SigningKey }

    /// <summary>One row: <paramref name="Run"/> feeds the bad input; the output must contain every <paramref name="Expected"/> text
    /// (a text starting with '!' must NOT appear).</summary>
    public sealed record BadInput(string Name, Category Category, Func<BadInputFixture, CaseScope, Task<Outcome>> Run, params string[] Expected);

    /// <summary>Exit code and everything printed (or the exception message for library cases).</summary>
    public sealed record Outcome(int ExitCode, string Output);

    /// <summary>A case's own folder, state folder, catalog and registry namespace.</summary>
    public sealed class CaseScope(string name) : IDisposable
    {
        private readonly TempDir _dir = new();
        public string Namespace { get; } = "badinput-" + name;
        public WorkspacePaths Paths => new(_dir.Combine("state"));
        public string CatalogPath => _dir.Combine("services.json");
        /// <summary>A file that exists only if an injected shell command ran.</summary>
        public string Marker => _dir.Combine("injected-marker");
        public string Combine(string name) => _dir.Combine(name);
        public void Dispose() => _dir.Dispose();
    }

    private const string SigningKeyVariable = "SLIPWAY_BADINPUT_SIGNING_KEY";

    private static readonly string[] BranchFix = ["is not a valid git branch name", "Fix: use a branch name as git shows it"];

    public static readonly IReadOnlyList<BadInput> Table =
    [
        // ---- the catalog (more in Catalog/MalformedCatalogTests; these go through the command line) ----
        new("catalog-not-json", Category.Catalog, (f, s) => Cli(f, s, raw: "{ \"registries\": { \"test\": "),
            "services.json", "invalid JSON at line 1", "Fix: correct the JSON syntax"),
        new("catalog-unknown-field", Category.Catalog, (f, s) => Cli(f, s, edit: c => c["defaults"]!["prot"] = 8080),
            "$.defaults", "prot", "Fix:"),
        new("catalog-promotion-cycle", Category.Catalog, (f, s) => Cli(f, s, edit: c =>
            {
                c["environments"]![DockerEnvironment]!["promoteFrom"] = KubeEnvironment;
                c["environments"]![KubeEnvironment]!["promoteFrom"] = DockerEnvironment;
            }), "cycle", DockerEnvironment, KubeEnvironment, "Fix:"),
        new("catalog-unknown-environment", Category.Catalog, (f, s) => Cli(f, s, edit: c => c["environments"]![DockerEnvironment]!["promoteFrom"] = "nowhere"),
            $"$.environments.{DockerEnvironment}.promoteFrom", "nowhere", "Fix:"),
        new("catalog-port-out-of-range", Category.Catalog, (f, s) => Cli(f, s, edit: c => c["services"]![Service]!["port"] = 70000),
            $"$.services.{Service}.port", "70000", "Fix:"),
        new("catalog-unknown-registry", Category.Catalog, (f, s) => Cli(f, s, edit: c => c["environments"]![DockerEnvironment]!["registry"] = "nowhere"),
            $"$.environments.{DockerEnvironment}.registry", "nowhere", "Fix:"),
        new("catalog-inline-password", Category.Catalog, (f, s) => Cli(f, s, edit: c => c["registries"]!["test"]!["credentials"]!["password"] = "hunter2-inline"),
            "$.registries.test.credentials", "password", "Fix:"),
        new("catalog-missing-file", Category.Catalog, (f, s) => Cli(f, s, args: ["Deploy", "--env", DockerEnvironment, "--catalog", s.Combine("nope.json")]),
            "nope.json", "Fix:"),

        // ---- the command line ----
        new("cli-unknown-target", Category.CommandLine, (f, s) => Cli(f, s, args: ["Deplyo", "--env", DockerEnvironment]),
            "Unknown target 'Deplyo'", "Deploy"),
        new("cli-unknown-flag", Category.CommandLine, (f, s) => Cli(f, s, args: ["Deploy", "--env", DockerEnvironment, "--no-such-flag"]),
            "--no-such-flag", "--env"),
        new("cli-unknown-environment", Category.CommandLine, (f, s) => Cli(f, s, args: ["Deploy", "--env", "nowhere"]),
            "Unknown environment 'nowhere'", DockerEnvironment),
        new("cli-unknown-service", Category.CommandLine, (f, s) => Cli(f, s, args: ["Deploy", "--env", DockerEnvironment, "--service", "nope"]),
            "nope", Service),
        new("cli-bad-value-type", Category.CommandLine, (f, s) => Cli(f, s, args: ["Benchmark", "--bench-runs", "x"]),
            "Invalid value 'x' for parameter --bench-runs", "a whole number", "Fix:"),
        new("cli-missing-required-env", Category.CommandLine, (f, s) => Cli(f, s, args: ["Deploy"]),
            "requires parameter --env, which is not set", "Fix: pass --env VALUE"),
        new("cli-prune-missing-env", Category.CommandLine, (f, s) => Cli(f, s, args: ["Prune"]),
            "Target Prune requires parameter --env, which is not set", "Fix: pass --env VALUE"),
        new("cli-prune-unknown-environment", Category.CommandLine, (f, s) => Cli(f, s, args: ["Prune", "--env", "nowhere"]),
            "--env nowhere: Unknown environment 'nowhere'", "Fix: pass one of its environments", DockerEnvironment),
        new("cli-bad-distribution", Category.CommandLine, (f, s) => Cli(f, s, args: ["Deploy", "--env", DockerEnvironment, "--distribution", "carrier-pigeon"]),
            "carrier-pigeon", "registry", "ssh", "Fix:"),

        // ---- branch and commit names: refused before any git call, nothing injected runs ----
        new("branch-semicolon-command", Category.GitRef, (f, s) => Branch(f, s, $"main;touch {s.Marker}"),
            ["--branch", "shell metacharacter ';'", .. BranchFix]),
        new("branch-dollar-paren-command", Category.GitRef, (f, s) => Branch(f, s, $"$(touch {s.Marker})"),
            ["--branch", "shell metacharacter '$'", .. BranchFix]),
        new("branch-dollar-paren-id", Category.GitRef, (f, s) => Branch(f, s, "$(id)"),
            ["--branch", "'$(id)'", "shell metacharacter '$'", .. BranchFix]),
        new("branch-backticks", Category.GitRef, (f, s) => Branch(f, s, $"`touch {s.Marker}`"),
            ["--branch", "shell metacharacter '`'", .. BranchFix]),
        new("branch-pipe", Category.GitRef, (f, s) => Branch(f, s, "main|id"),
            ["--branch", "shell metacharacter '|'", .. BranchFix]),
        new("branch-dot-dot", Category.GitRef, (f, s) => Branch(f, s, "main/../../etc"),
            ["--branch", "'main/../../etc'", "contains '..'", .. BranchFix]),
        // on the command line "--upload-pack=..." would be read as a parameter name; SLIPWAY_BRANCH hands it over as a value
        new("branch-leading-dash-option", Category.GitRef, (f, s) => Cli(f, s, env: new() { ["SLIPWAY_BRANCH"] = $"--upload-pack=touch{s.Marker}" }),
            ["--branch", "starts with '-'", .. BranchFix]),
        new("branch-space", Category.GitRef, (f, s) => Branch(f, s, "feature x"),
            ["--branch", "'feature x'", "contains a space", .. BranchFix]),
        new("branch-newline", Category.GitRef, (f, s) => Branch(f, s, "main\nid"),
            ["--branch", "'main\\x0aid'", "control character", .. BranchFix]),
        new("commit-command-injection", Category.GitRef, (f, s) => Cli(f, s, args: ["Deploy", "--env", DockerEnvironment, "--commit", "abc1234;id"]),
            "--commit", "'abc1234;id' is not a commit id", "Fix: pass the commit hash"),
        new("commit-dollar-paren", Category.GitRef, (f, s) => Cli(f, s, args: ["Deploy", "--env", DockerEnvironment, "--commit", $"$(touch {s.Marker})"]),
            "--commit", "is not a commit id", "Fix: pass the commit hash"),

        // ---- crafted WARs (a Maven build cannot produce these, so the ExplodeWar library step gets them) ----
        new("war-parent-entry", Category.War, (f, s) => Explode(s, zip => Entry(zip, "../../escaped.jsp", "<% evil %>")),
            "entry '../../escaped.jsp'", "contains '..'", "Fix: rebuild the WAR"),
        new("war-absolute-entry", Category.War, (f, s) => Explode(s, zip => Entry(zip, "/etc/cron.d/evil", "* * * * * root id")),
            "entry '/etc/cron.d/evil'", "absolute", "Fix: rebuild the WAR"),
        new("war-symlink-entry", Category.War, (f, s) => Explode(s, zip => Entry(zip, "WEB-INF/lib/link.jar", "/etc/shadow", unixMode: 0xA1FF)),
            "entry 'WEB-INF/lib/link.jar'", "symbolic link", "Fix: rebuild the WAR"),
        new("war-zip-bomb", Category.War, (f, s) => Explode(s, zip => Entry(zip, "WEB-INF/classes/bomb.bin", new string('\0', 20 * 1024 * 1024))),
            "entry 'WEB-INF/classes/bomb.bin'", "zip bomb", "Fix: rebuild the WAR"),
        new("war-expands-past-size-limit", Category.War, (f, s) => Explode(s, zip => Entry(zip, "static/big.txt", Incompressible(2 * 1024 * 1024)),
                limits: new WarLimits { MaxTotalBytes = 1024 * 1024 }),
            "entry 'static/big.txt'", "expands past the limit of 1048576 bytes", "Fix: rebuild the WAR"),
        new("war-too-many-entries", Category.War, (f, s) => Explode(s, zip =>
                { for (var i = 0; i < 60; i++) Entry(zip, $"static/{i}.txt", "x"); }, limits: new WarLimits { MaxEntries = 50 }),
            "61 entries", "more than the limit of 50 entries", "Fix: rebuild the WAR"),
        new("war-not-a-zip", Category.War, (f, s) => Explode(s, raw: "<html>this is not a WAR</html>"),
            "not a valid zip archive", "Fix: check that the Maven build's war plugin produced it"),
        new("war-missing-file", Category.MissingWar, (f, s) => Explode(s, missing: true),
            "the file does not exist", "Fix: check the service's \"war\" path"),
        new("war-missing-after-build", Category.MissingWar, (f, s) => Cli(f, s, edit: c => c["services"]![Service]!["war"] = "greeting-web/target/nope.war"),
            $"services.{Service}.war = 'greeting-web/target/nope.war'", "the Maven build produced no file there",
            "Fix: point \"war\" at one of: greeting-web/target/greeting-web.war", "!.m2repo"),

        // ---- the build ----
        new("maven-compile-error", Category.Maven, (f, s) => Branch(f, s, BrokenBranch),
            $"Maven build of service '{Service}' failed", "[ERROR]", CompileError, "HealthServlet.java:[", "Fix: reproduce with `mvn", "!To see the full stack trace"),

        // ---- engines, registries, clusters ----
        new("engine-deploy-host-unreachable", Category.Engine, (f, s) => Cli(f, s, edit: c =>
                c["environments"]![DockerEnvironment]!["docker"]!["hosts"]![0]!["endpoint"] = $"tcp://127.0.0.1:{f.ClosedPort}"),
            $"environments.{DockerEnvironment}.docker.hosts[0] 'localhost' (tcp://127.0.0.1:", "the Docker engine does not answer",
            "nothing was built or deployed", "Fix: start the engine"),
        new("engine-tls-file-missing", Category.Engine, (f, s) => Cli(f, s, edit: c =>
            {
                var host = c["environments"]![DockerEnvironment]!["docker"]!["hosts"]![0]!;
                host["endpoint"] = $"tcp://127.0.0.1:{f.ClosedPort}";
                host["tls"] = new JsonObject { ["caFile"] = s.Combine("ca.pem"), ["certFile"] = s.Combine("cert.pem"), ["keyFile"] = s.Combine("key.pem") };
            }), "caFile", "ca.pem", "does not exist", "Fix:"),
        new("engine-build-engine-unreachable", Category.Engine, (f, s) => Cli(f, s, env: new() { ["DOCKER_HOST"] = $"tcp://127.0.0.1:{f.ClosedPort}" }),
            $"build engine tcp://127.0.0.1:{ClosedPort} (from DOCKER_HOST)", "does not answer", "Nothing was pushed", "Fix: start dockerd"),
        new("registry-wrong-password", Category.RegistryCredentials, (f, s) => Cli(f, s, env: new() { [PasswordVariable] = "wrong-password" }),
            "401", "the registry did not accept the credentials from the catalog's registries.test.credentials", "Fix: correct the user name or the password"),
        new("registry-password-variable-unset", Category.RegistryCredentials, (f, s) => Cli(f, s, env: new() { [PasswordVariable] = null }),
            PasswordVariable, "registries.test", "Fix:"),
        new("registry-unreachable", Category.Registry, (f, s) => Cli(f, s, edit: c => c["registries"]!["test"]!["url"] = $"http://127.0.0.1:{f.ClosedPort}"),
            $"cannot reach registry http://127.0.0.1:{ClosedPort}/", "Fix: check that the registry is running", "registries.test"),
        new("kube-expired-token", Category.Token, (f, s) => Kube(f, s, k => k["kubeconfig"] = f.ExpiredKubeconfig),
            $"Deploy to '{KubeEnvironment}'", "context 'fake-admin'", "401 Unauthorized", "nothing was built or deployed", "Fix: renew the token"),
        new("kube-missing-context", Category.Kubeconfig, (f, s) => Kube(f, s, k => k["context"] = "yq-pubtest"),
            "has no context 'yq-pubtest'", "Fix: use one of its contexts (fake-admin, fake-reader, fake-cert, fake-exec)"),
        new("kube-missing-kubeconfig", Category.Kubeconfig, (f, s) => Kube(f, s, k => k["kubeconfig"] = s.Combine("no-kubeconfig")),
            "no-kubeconfig", "the file does not exist", "Fix: set KUBECONFIG"),
        new("kube-api-unreachable", Category.Kubeconfig, (f, s) => Kube(f, s, k => k["kubeconfig"] = f.UnreachableKubeconfig),
            "Kubernetes API of context 'fake-admin' is unreachable", "nothing was built or deployed", "Fix: check the cluster address"),

        // ---- signing keys: checked before anything is built (the key's text never printed) ----
        new("signing-key-file-missing", Category.SigningKey, (f, s) => Cli(f, s, edit: c => c["signing"] = new JsonObject { ["keyFile"] = s.Combine("team.key") }),
            $"environments.{DockerEnvironment}.signing.keyFile", "team.key': does not exist", "Fix: point it at the PEM private key"),
        new("signing-key-file-p384", Category.SigningKey, (f, s) => Cli(f, s, edit: c =>
            {
                File.WriteAllText(s.Combine("team.key"), ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportPkcs8PrivateKeyPem());
                c["signing"] = new JsonObject { ["keyFile"] = s.Combine("team.key") };
            }), "the signing key (key file", "is a 384-bit EC key, not P-256", "Fix: use an unencrypted ECDSA P-256 private key", "!PRIVATE KEY-----"),
        new("signing-key-env-unset", Category.SigningKey, (f, s) => Cli(f, s, edit: c => c["signing"] = new JsonObject { ["keyEnv"] = SigningKeyVariable },
                env: new() { [SigningKeyVariable] = null }),
            $"signing.keyEnv {SigningKeyVariable}", "is not set on this machine", $"Fix: export {SigningKeyVariable}"),
        new("signing-key-env-holds-public-key", Category.SigningKey, (f, s) => Cli(f, s, edit: c => c["signing"] = new JsonObject { ["keyEnv"] = SigningKeyVariable },
                env: new() { [SigningKeyVariable] = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem() }),
            $"the signing key (environment variable {SigningKeyVariable})", "is a public key", "Fix: give the private key", "!PUBLIC KEY-----"),
        new("signing-trusted-key-not-pem", Category.SigningKey, (f, s) => Cli(f, s, edit: c =>
            {
                File.WriteAllText(s.Combine("team.pub"), "not a key");
                c["signing"] = new JsonObject { ["trustedKeys"] = new JsonArray(s.Combine("team.pub")) };
            }), $"environments.{DockerEnvironment}.signing.trustedKeys", "team.pub': is not a PEM public key", "Fix: use an ECDSA P-256 public key"),

        // ---- the trigger API: the HTTP status stands for the exit code (more in Trigger/TriggerRequestLimitTests) ----
        new("trigger-unknown-field", Category.TriggerApi, (f, s) => Trigger(s, "{" + TriggerRun + ",\"branche\":\"main\"}"),
            "HTTP 400", "request body: unknown field 'branche'", "Fix: use only", "runs queued: 0"),
        new("trigger-body-10mb", Category.TriggerApi, (f, s) => Trigger(s, "{" + TriggerRun + ",\"branch\":\"" + new string('a', 10 * 1024 * 1024) + "\"}"),
            "HTTP 413", "request body: it is larger than the 65536 bytes allowed", "Fix:", "runs queued: 0"),
        new("trigger-over-long-branch", Category.TriggerApi, (f, s) => Trigger(s, "{" + TriggerRun + ",\"branch\":\"" + new string('a', 256) + "\"}"),
            "HTTP 400", "branch: it is 256 characters long; the limit is 255", "Fix:", "runs queued: 0"),
    ];

    public static TheoryData<string> Names => new(Table.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Bad_input_fails_clearly_and_leaves_nothing_behind(string name)
    {
        var bad = Table.Single(c => c.Name == name);
        using var scope = new CaseScope(name);
        var outcome = await bad.Run(fixture, scope);
        output.WriteLine(outcome.Output);

        Assert.True(outcome.ExitCode != 0, $"{name}: expected a non-zero exit\n{outcome.Output}");
        foreach (var expected in bad.Expected.Select(e => e.Replace(ClosedPort, fixture.ClosedPort.ToString())))
        {
            if (expected.StartsWith('!'))
                Assert.False(outcome.Output.Contains(expected[1..], StringComparison.Ordinal), $"{name}: the message should not say '{expected[1..]}'\n{outcome.Output}");
            else
                Assert.True(outcome.Output.Contains(expected, StringComparison.Ordinal), $"{name}: the message lacks '{expected}'\n{outcome.Output}");
        }
        Assert.DoesNotContain(fixture.Password, outcome.Output);
        Assert.DoesNotContain("Unhandled exception", outcome.Output);
        Assert.DoesNotMatch(@"(?m)^\s+at [\w.`<>|]+\.\w+[\w`<>|]*\(", outcome.Output); // no stack trace
        await AssertNothingLeftBehindAsync(bad, scope);
    }

    [Fact]
    public void The_table_has_at_least_30_named_cases_covering_every_kind_of_bad_input()
    {
        Assert.True(Table.Count >= 30, $"only {Table.Count} cases");
        Assert.Equal(Table.Count, Table.Select(c => c.Name).Distinct().Count());
        Assert.All(Table, c => Assert.Matches("^[a-z0-9-]+$", c.Name));
        foreach (var category in Enum.GetValues<Category>())
            Assert.Contains(Table, c => c.Category == category);
        var counts = Table.GroupBy(c => c.Category).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(counts[Category.Catalog] >= 5, "several malformed catalogs");
        Assert.True(counts[Category.CommandLine] >= 6, "unknown target, flag, environment, service, bad value, missing parameter");
        Assert.True(counts[Category.GitRef] >= 8, "branch and commit names with shell metacharacters");
        Assert.True(counts[Category.War] >= 4, "../, absolute, link and zip-bomb entries");
    }

    private async Task AssertNothingLeftBehindAsync(BadInput bad, CaseScope scope)
    {
        Assert.False(File.Exists(scope.Marker), "an injected command ran");
        foreach (var repository in Repositories(scope.Namespace))
            Assert.Empty(await fixture.TagsAsync(repository));
        Assert.Empty(await fixture.EngineImagesAsync(scope.Namespace));
        Assert.Empty(await fixture.ContainersAsync());
        Assert.Empty(Files(scope.Paths.Ledger));
        Assert.Empty(Files(scope.Paths.Artifacts));
        Assert.DoesNotContain(Files(scope.Paths.Locks), f => !f.EndsWith(".lock", StringComparison.Ordinal));
        if (bad.Category is Category.War or Category.MissingWar)
            Assert.False(Directory.Exists(scope.Paths.Exploded(Service)), "a partly unpacked WAR was left behind");
        Assert.DoesNotContain(fixture.Kube.Cluster.Deployments.Keys, k => k.Ns == KubeNamespace);
        if (bad.Category is Category.GitRef or Category.Catalog or Category.CommandLine)
            Assert.False(Directory.Exists(scope.Paths.Root), "the input was refused, yet the state folder was written (a clone or a workspace)");
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList() : [];

    // ---- how cases feed their input ----

    /// <summary>Runs the build host with the case's catalog (the base catalog after <paramref name="edit"/>, or <paramref name="raw"/>)
    /// and state folder; default arguments: Deploy --env badinput. <paramref name="env"/> adjusts the environment (null removes).</summary>
    private static async Task<Outcome> Cli(BadInputFixture f, CaseScope s, Action<JsonObject>? edit = null, string? raw = null,
        string[]? args = null, Dictionary<string, string?>? env = null)
    {
        var json = f.CatalogJson(s.Namespace);
        edit?.Invoke(json);
        await File.WriteAllTextAsync(s.CatalogPath, raw ?? json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var environment = new Dictionary<string, string?>
        {
            [PasswordVariable] = f.Password, ["DOCKER_HOST"] = null, ["KUBECONFIG"] = null, ["GITHUB_ACTIONS"] = null, ["CI"] = "true",
        };
        foreach (var (key, value) in env ?? []) environment[key] = value;
        var all = new List<string>(args ?? ["Deploy", "--env", DockerEnvironment]);
        if (!all.Contains("--catalog")) all.AddRange(["--catalog", s.CatalogPath]);
        all.AddRange(["--state-directory", s.Paths.Root]);
        var result = await BuildCli.RunAsync(environment, [.. all]);
        return new Outcome(result.ExitCode, result.Output());
    }

    private static Task<Outcome> Branch(BadInputFixture f, CaseScope s, string branch) =>
        Cli(f, s, args: ["Deploy", "--env", DockerEnvironment, "--branch", branch]);

    private static Task<Outcome> Kube(BadInputFixture f, CaseScope s, Action<JsonObject> editKubernetes) =>
        Cli(f, s, edit: c => editKubernetes((JsonObject)c["environments"]![KubeEnvironment]!["kubernetes"]!),
            args: ["Deploy", "--env", KubeEnvironment]);

    private const string TriggerRun = "\"service\":\"greeting-web\",\"env\":\"local\",\"target\":\"Deploy\"";

    /// <summary>POSTs <paramref name="body"/> to a trigger server on the case's state folder; the runs it queued are counted in the output.</summary>
    private static async Task<Outcome> Trigger(CaseScope s, string body)
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor(), stateDirectory: s.Paths.Root);
        using var response = await harness.Client.PostAsync("/runs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var status = (int)response.StatusCode;
        return new Outcome(status is >= 200 and < 300 ? 0 : status,
            $"HTTP {status}\n{await response.Content.ReadAsStringAsync()}\nruns queued: {harness.Server.Scheduler.Recent(10).Count}");
    }

    /// <summary>Writes a WAR (entries from <paramref name="build"/>, or <paramref name="raw"/> bytes, or none) and unpacks it as ExplodeWar does.</summary>
    private static Task<Outcome> Explode(CaseScope s, Action<ZipArchive>? build = null, string? raw = null, bool missing = false, WarLimits? limits = null)
    {
        var war = s.Combine("app.war");
        if (raw is not null) File.WriteAllText(war, raw);
        else if (!missing)
        {
            using var zip = ZipFile.Open(war, ZipArchiveMode.Create);
            Entry(zip, "WEB-INF/web.xml", "<web-app/>");
            build!(zip);
        }
        try
        {
            WarExploder.Explode(war, s.Paths.Exploded(Service), limits);
            return Task.FromResult(new Outcome(0, "unpacked"));
        }
        catch (SlipwayException e)
        {
            return Task.FromResult(new Outcome(1, e.Message));
        }
    }

    /// <summary>Text that deflate cannot shrink much (random base64), so only the size limit, not the ratio check, can stop it.</summary>
    private static string Incompressible(int length) => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length * 3 / 4 + 3))[..length];

    private static void Entry(ZipArchive zip, string name, string content, int? unixMode = null)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize);
        if (unixMode is { } mode) entry.ExternalAttributes = mode << 16;
        using var writer = new StreamWriter(entry.Open());
        writer.Write(content);
    }

    /// <summary>Stands for the fixture's closed port in the static table's expected texts.</summary>
    private const string ClosedPort = "{closed-port}";
}
