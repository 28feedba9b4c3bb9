using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Slipway.Registry;

namespace Slipway.Tests.Reliability;

/// <summary>
/// The local chain, run as users run it (the build host), against a registry with htpasswd auth and with a secret
/// token parameter: the secrets appear in no output, no state file (ledger, artifacts, workspaces), no image layer
/// or config in the registry, and not in the running container.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class SecretHygieneTests
{
    [Fact]
    public async Task Registry_password_and_token_parameter_appear_nowhere()
    {
        var password = "S3cret-" + Guid.NewGuid().ToString("N");
        var token = "T0ken-" + Guid.NewGuid().ToString("N");
        const string user = "slipway";
        const string passwordVariable = "SLIPWAY_HYGIENE_REGISTRY_PASSWORD";
        await using var registry = await TestRegistry.StartAsync(new LocalRegistryOptions { Username = user, Password = password });
        await using var chain = await LocalChain.StartAsync(json =>
        {
            var test = (JsonObject)json["registries"]!["test"]!;
            test["url"] = registry.Url;
            test["credentials"] = new JsonObject { ["username"] = user, ["passwordEnv"] = passwordVariable };
        }, environment: "hygiene", @namespace: "hygiene");
        var catalog = Path.Combine(chain.Folder, "hygiene-services.json");
        await File.WriteAllTextAsync(catalog, chain.CatalogText);
        var state = Path.Combine(chain.Folder, "hygiene-state");
        try
        {
            var result = await BuildCli.RunAsync(new Dictionary<string, string?>
            {
                [passwordVariable] = password,
                ["SLIPWAY_KUBECONFIG_DATA"] = token,
            }, "Deploy", "--env", chain.Environment, "--catalog", catalog, "--state-directory", state, "--verbosity", "verbose");
            var output = result.Output();
            Assert.True(result.ExitCode == 0, output);
            Assert.Contains("is healthy", output);

            foreach (var secret in new[] { password, token })
            {
                Assert.DoesNotContain(secret, output);
                AssertNowhereIn(state, secret);
                AssertNowhereIn(chain.Folder, secret);
                AssertNowhereIn(registry.DataDirectory, secret);
                var container = await chain.ContainerAsync();
                Assert.NotNull(container);
                var inspect = await chain.Docker.Containers.InspectContainerAsync(container!.ID);
                Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(inspect));
            }
            using var anonymous = new RegistryClient(registry.Url, insecure: true);
            var denied = await Assert.ThrowsAsync<RegistryException>(() => anonymous.ListTagsAsync($"hygiene/{LocalChain.Service}"));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, denied.StatusCode);
        }
        finally
        {
            if (await chain.ContainerAsync() is { } running)
                await chain.Docker.Containers.RemoveContainerAsync(running.ID, new ContainerRemoveParameters { Force = true });
            var images = await chain.Docker.Images.ListImagesAsync(new ImagesListParameters());
            foreach (var image in images.Where(i => (i.RepoDigests ?? []).Concat(i.RepoTags ?? []).Any(r => r.StartsWith(registry.Host, StringComparison.Ordinal))))
                await chain.Docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
        }
    }

    /// <summary>Every file below <paramref name="folder"/>, gzip members unpacked (registry layers), holds no <paramref name="secret"/>.</summary>
    private static void AssertNowhereIn(string folder, string secret)
    {
        if (!Directory.Exists(folder)) return;
        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (new FileInfo(file).LinkTarget is not null) continue;
            var bytes = File.ReadAllBytes(file);
            Assert.False(bytes.AsSpan().IndexOf(needle) >= 0, $"the secret is in {file}");
            if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                Assert.False(plain.ToArray().AsSpan().IndexOf(needle) >= 0, $"the secret is inside the gzip member {file}");
            }
        }
    }
}
