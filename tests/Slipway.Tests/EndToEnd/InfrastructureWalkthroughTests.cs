using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Pipeline;

namespace Slipway.Tests.EndToEnd;

/// <summary>
/// README "Pointing Slipway at your infrastructure", walked as one service: its source on a git-only SSH remote (deploy
/// key, pinned host key), a dependency only an authenticated Maven repository (nginx, Basic auth) has, its image in a
/// registry with a private CA and token auth, and the container running it. Every secret comes from a variable and is
/// never printed.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class InfrastructureWalkthroughTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_service_from_an_SSH_remote_and_an_authenticated_Maven_repository_runs_from_a_TLS_token_registry()
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
        await using var ssh = await SshServer.StartAsync(gitOnly: true);
        await using var maven = await NginxMavenRepository.StartAsync(mavenUser, mavenPassword);
        await maven.PublishJarAsync("com.example.private", "greeting-secret", "1.0");
        var remote = await ServedOverSshAsync(dir, ssh);
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
        try
        {
            await using var chain = await LocalChain.StartAsync(catalog =>
            {
                catalog["registries"]!["corp"] = new JsonObject
                {
                    ["url"] = registry.Url, ["namespace"] = "walk", ["caFile"] = certificates.CaFile,
                    ["credentials"] = new JsonObject { ["username"] = "ci", ["passwordEnv"] = names[2] },
                };
                catalog["environments"]!["walk"]!["registry"] = "corp";
                var service = catalog["services"]![LocalChain.Service]!;
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
            foreach (var secret in variables.Values.Skip(1)) Assert.DoesNotContain(secret, chain.Log.Text);
        }
        finally
        {
            foreach (var name in names) Environment.SetEnvironmentVariable(name, null);
        }
    }

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
