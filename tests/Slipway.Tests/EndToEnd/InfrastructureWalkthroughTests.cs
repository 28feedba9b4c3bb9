using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Chain;
using Slipway.Releases;

namespace Slipway.Tests.EndToEnd;

/// <summary>
/// README "Pointing Slipway at your infrastructure", walked as one service: its source on a git-only SSH remote (deploy
/// key, pinned host key), a dependency only an authenticated Maven repository (nginx, Basic auth) has, its image in a
/// registry with a private CA and token auth, and the container running it. Every secret comes from a variable and is
/// never printed. The image is then promoted as platform teams' registries make it hard: tag-only and by mount within that
/// registry (the reported bug: the manifest PUT after the mounts got 401 and no token was asked for it), then across to a
/// second one; skopeo reads each.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class InfrastructureWalkthroughTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_service_from_an_SSH_remote_and_an_authenticated_Maven_repository_runs_from_a_TLS_token_registry_and_is_promoted()
    {
        using var dir = new TempDir();
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var (mavenUser, mavenPassword, registryPassword) = ("builder", "maven-" + Guid.NewGuid().ToString("N"), "registry-" + Guid.NewGuid().ToString("N"));
        var variables = new Dictionary<string, string>
        {
            ["SLIPWAY_WALK_MAVEN_USER_" + suffix] = mavenUser,
            ["SLIPWAY_WALK_MAVEN_PASSWORD_" + suffix] = mavenPassword,
            ["SLIPWAY_WALK_REGISTRY_PASSWORD_" + suffix] = registryPassword,
        };
        var names = variables.Keys.ToArray();
        var certificates = TestCertificates.WriteTo(dir.Combine("tls"));
        await using var registry = await TokenAuthRegistry.StartAsync(certificates);
        await using var second = await TokenAuthRegistry.StartAsync(certificates);
        await using var ssh = await SshServer.StartAsync(gitOnly: true);
        await using var maven = await NginxMavenRepository.StartAsync(mavenUser, mavenPassword);
        await maven.PublishJarAsync("com.example.private", "greeting-secret", "1.0");
        var remote = await ServedOverSshAsync(dir, ssh);
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
        try
        {
            await using var chain = await LocalChain.StartAsync(catalog =>
            {
                JsonObject Registry(TokenAuthRegistry at, string ns) => new()
                {
                    ["url"] = at.Url, ["namespace"] = ns, ["caFile"] = certificates.CaFile,
                    ["credentials"] = new JsonObject { ["username"] = "ci", ["passwordEnv"] = names[2] },
                };
                var registries = catalog["registries"]!.AsObject();
                registries["corp"] = Registry(registry, "walk");
                registries["corp-promoted"] = Registry(registry, "walk-promoted");
                registries["corp-b"] = Registry(second, "walk");
                var environments = catalog["environments"]!.AsObject();
                environments["walk"]!["registry"] = "corp";
                var service = catalog["services"]![LocalChain.Service]!;
                foreach (var (name, registryName, from) in Stages)
                {
                    var stage = environments["walk"]!.DeepClone();
                    stage["registry"] = registryName;
                    stage["promoteFrom"] = from;
                    environments[name] = stage;
                    service["environments"]![name] = new JsonObject { ["conf"] = "local", ["port"] = FreePort.Next() };
                }
                service["repository"] = remote;
                service["repositoryAuth"] = new JsonObject { ["sshKeyFile"] = ssh.ClientKey, ["knownHostsFile"] = ssh.KnownHostsFile };
                service["build"]!["repositories"] = new JsonArray(new JsonObject
                {
                    ["id"] = "corp-maven", ["url"] = maven.Url, ["usernameEnv"] = names[0], ["passwordEnv"] = names[1],
                });
            }, environment: "walk", @namespace: "walk");

            var run = await chain.DeployAsync();

            Assert.StartsWith("ssh://", run.Checkout!.Repository);
            Assert.True(File.Exists(Path.Combine(run.ExplodedDirectory!, "WEB-INF", "lib", "greeting-secret-1.0.jar")),
                "the WAR lacks the dependency only the authenticated Maven repository has");
            Assert.Equal(run.Digest!.Value,
                await Skopeo.DigestOverTlsAsync(registry.Host, $"walk/{LocalChain.Service}", run.Tag!, certificates.CaFile, "ci", registryPassword));
            Assert.Contains(registry.TokenRequests, scopes => scopes.Contains($"repository:walk/{LocalChain.Service}:pull,push"));
            var container = await chain.ContainerAsync();
            Assert.Equal(run.Digest.Value, container!.Labels["slipway.io/digest"]);
            Assert.StartsWith(registry.Host + "/walk/", container.Image);
            using var info = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{chain.Port}/"));
            Assert.Equal("local", info.RootElement.GetProperty("conf").GetString());

            ChainContext Context(string environment) => new()
            {
                Catalog = chain.Catalog, Environment = environment, Log = chain.Log, Paths = chain.Paths, RecipeRoot = RepoRoot.Path,
                RegistryOptions = RegistryFixture.FastOptions,
            };
            var image = new SourceImage("walk", run.Digest, run.Tag, run.Checkout.Sha, "deployed by the test");
            using var walk = Context("walk");
            using var same = Context("walk-same");
            var tagOnly = await Promoter.PromoteImageAsync(walk, same, LocalChain.Service, image, forced: false);
            Assert.Equal((0, 0), (tagOnly.Copy.BlobsMounted, tagOnly.Copy.BlobsCopied)); // only the environment tag's manifest PUT
            using var mount = Context("walk-mount");
            var mounted = await Promoter.PromoteImageAsync(same, mount, LocalChain.Service, image, forced: false);
            Assert.True(mounted.Copy.BlobsMounted > 0, $"{mounted.Copy}");
            Assert.Equal(0, mounted.Copy.BlobsCopied);
            var mountScopes = $"repository:walk-promoted/{LocalChain.Service}:pull,push repository:walk/{LocalChain.Service}:pull";
            Assert.True(registry.TokenRequests.Contains(mountScopes), $"no token request for {mountScopes}, only:\n{string.Join("\n", registry.TokenRequests)}");
            using var across = Context("walk-b");
            var copied = await Promoter.PromoteImageAsync(mount, across, LocalChain.Service, image, forced: false);
            Assert.Equal(0, copied.Copy.BlobsMounted);
            Assert.True(copied.Copy.BlobsCopied > 0, $"{copied.Copy}");
            foreach (var (at, repo, tag) in new[]
                     {
                         (registry, $"walk/{LocalChain.Service}", tagOnly.Tags.Environment),
                         (registry, $"walk-promoted/{LocalChain.Service}", mounted.Tags.Environment),
                         (second, $"walk/{LocalChain.Service}", copied.Tags.Environment),
                     })
                Assert.Equal(run.Digest.Value, await Skopeo.DigestOverTlsAsync(at.Host, repo, tag, certificates.CaFile, "ci", registryPassword));
            foreach (var secret in variables.Values.Skip(1)) Assert.DoesNotContain(secret, chain.Log.Text);
        }
        finally
        {
            foreach (var name in names) Environment.SetEnvironmentVariable(name, null);
        }
    }

    /// <summary>Promotion stages after "walk": tag-only in its registry, by mount into another namespace, across to a second registry.</summary>
    private static readonly (string Name, string Registry, string From)[] Stages =
        [("walk-same", "corp", "walk"), ("walk-mount", "corp-promoted", "walk-same"), ("walk-b", "corp-b", "walk-mount")];

    /// <summary>The sample, depending on an artifact only the authenticated repository has, as a bare repository behind sshd.</summary>
    private static async Task<string> ServedOverSshAsync(TempDir dir, SshServer ssh)
    {
        var source = await SampleRepository.CreateAsync(dir.Combine("greeting"));
        var pomPath = Path.Combine(source.Path, "greeting-web", "pom.xml");
        var pom = (await File.ReadAllTextAsync(pomPath)).Replace("  </dependencies>", """
                <dependency>
                  <groupId>com.example.private</groupId>
                  <artifactId>greeting-secret</artifactId>
                  <version>1.0</version>
                </dependency>
              </dependencies>
            """, StringComparison.Ordinal);
        await source.CommitAsync("Depend on a private artifact", ("greeting-web/pom.xml", pom));
        var bare = dir.Combine("served", "greeting.git");
        await source.GitAsync("clone", "-q", "--bare", source.Path, bare);
        return $"ssh://{Environment.UserName}@127.0.0.1:{ssh.Port}{bare}";
    }
}
