using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using k8s;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Processes;
using Slipway.Releases;
using Slipway.Status;
using Xunit.Abstractions;
using static Slipway.TestSupport.ThreeModesChain;

namespace Slipway.Tests.Status;

/// <summary>
/// The catalog moves on while the targets of all three modes keep what was deployed (one build, deployed as
/// <see cref="ThreeModesChain"/> does): a port and JVM options change shows as configuration drift in each mode, a service
/// disabled everywhere leaves a container, a committed manifest and a Deployment that Status lists as strays, and
/// Prune --dry-run changes nothing while Prune removes each one and records it in the environment's ledger.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class LiveConfigDriftAndStraysTests(ITestOutputHelper output)
{
    private static readonly string[] Environments = [DockerEnvironment, StaticPodEnvironment, KubernetesEnvironment];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const string Service = LocalChain.Service;
    private const string Endpoint = "unix:///var/run/docker.sock";

    [Fact]
    public async Task Config_drift_and_strays_show_in_each_mode_and_Prune_removes_the_strays()
    {
        await using var modes = await ThreeModesChain.StartAsync();
        var chain = modes.Chain;
        var built = await chain.DeployAsync();
        await modes.DeployAsync(built, StaticPodEnvironment);
        await modes.DeployAsync(built, KubernetesEnvironment);
        var port = built.Settings.Port;

        // The catalog the targets were deployed from: nothing drifts, nothing strays.
        using (var ctx = modes.Context(DockerEnvironment))
        {
            var matrix = await StatusCollector.CollectAsync(ctx, Environments, Timeout);
            Assert.True(matrix.Drifting.Count() == 0, StatusTextRenderer.Render(matrix));
            Assert.DoesNotContain(matrix.Strays, s => Environments.Contains(s.Environment));
        }

        // (1) Port and javaOpts change in the catalog: each mode's target still runs the old ones.
        var changed = Edit(modes, json =>
        {
            json["services"]![Service]!["port"] = port + 1;
            foreach (var env in Environments) json["services"]![Service]!["environments"]![env]!["javaOpts"] = "-Dslipway.changed=yes";
        });
        using (var ctx = modes.Context(DockerEnvironment, changed.Catalog))
        {
            var matrix = await StatusCollector.CollectAsync(ctx, Environments, Timeout);
            var text = StatusTextRenderer.Render(matrix);
            output.WriteLine(text);
            foreach (var env in Environments)
            {
                var cell = matrix.Cell(Service, env)!;
                Assert.True(cell.Drift.SequenceEqual([DriftKind.ConfigDrift]), $"{env}: {string.Join("; ", cell.DriftNotes)}");
                var note = Assert.Single(cell.DriftNotes);
                Assert.Contains($"NCE_PORT={port} -> {port + 1}", note);
                Assert.Contains("NCE_JAVA_OPTS=", note);
                Assert.Contains("-> -Dslipway.changed=yes", note);
                Assert.EndsWith($"apply it with ./build.sh Deploy --env {env} --service {Service}", note);
                Assert.Contains("DRIFT: " + note, text);
                Assert.Contains(System.Net.WebUtility.HtmlEncode(note), StatusHtmlRenderer.Render(matrix));
            }
            Assert.Contains("NCE_JAVA_OPTS=-Dslipway.e2e=yes -> -Dslipway.changed=yes", matrix.Cell(Service, DockerEnvironment)!.DriftNotes[0]);
            Assert.Contains("3 cell(s) drift.", text);
        }

        // (2) The service is disabled everywhere; a container of an environment the catalog never had is on the engine too.
        var removed = Edit(modes, json =>
        {
            foreach (var env in Environments) json["services"]![Service]!["environments"]![env]!["enabled"] = false;
        });
        var unknownEnvironment = "gone-" + Guid.NewGuid().ToString("N")[..8];
        var unknownContainer = ContainerSpecFactoryName(unknownEnvironment);
        await chain.Docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = unknownContainer, Image = built.Settings.ImageRepository + "@" + built.Digest,
            Labels = new Dictionary<string, string> { [SlipwayLabels.Service] = Service, [SlipwayLabels.Environment] = unknownEnvironment },
        });
        try
        {
            string[] expected =
            [
                $"container {chain.ContainerName} on host 'localhost' ({Endpoint}): service '{Service}' is not enabled in '{DockerEnvironment}'; " +
                $"remove with: ./build.sh Prune --env {DockerEnvironment}",
                $"manifest {Node}/{Service}.yaml on node '{Node}': service '{Service}' is not enabled in '{StaticPodEnvironment}'; " +
                $"remove with: ./build.sh Prune --env {StaticPodEnvironment}",
                $"Deployment {KubeNamespace}/{Service} on namespace {KubeNamespace} (context {KubeContext}): service '{Service}' is not enabled in " +
                $"'{KubernetesEnvironment}'; remove with: ./build.sh Prune --env {KubernetesEnvironment}",
                $"container {unknownContainer} on docker engine {Endpoint}: environment '{unknownEnvironment}' is not in the catalog; " +
                $"remove with: docker -H {Endpoint} rm -f {unknownContainer}",
            ];
            using (var ctx = modes.Context(DockerEnvironment, removed.Catalog))
            {
                var matrix = await StatusCollector.CollectAsync(ctx, Environments, Timeout);
                var text = StatusTextRenderer.Render(matrix);
                output.WriteLine(text);
                foreach (var line in expected) Assert.Contains(line, text);
                Assert.Single(matrix.Strays, s => s.Environment == unknownEnvironment); // listed by each docker environment, shown once
                Assert.Contains("<code>./build.sh Prune --env modes-pods</code>", StatusHtmlRenderer.Render(matrix));
            }

            // (3) Prune --dry-run: says exactly what it would remove, and nothing changes.
            var manifestsHead = await GitAsync(modes, "rev-parse", "main");
            foreach (var env in Environments)
            {
                var dry = await PruneAsync(modes, removed.File, env, "--dry-run");
                Assert.True(dry.ExitCode == 0, dry.Output());
                Assert.Contains($"would remove 1 stray(s) from '{env}'", dry.Output());
                Assert.Contains($"would record in the release ledger", dry.Output());
            }
            var dryDocker = await PruneAsync(modes, removed.File, DockerEnvironment, "--dry-run");
            Assert.Contains($"would stop {chain.ContainerName} on host 'localhost' ({Endpoint})", dryDocker.Output());
            Assert.Contains($"not pruned, not of '{DockerEnvironment}': container {unknownContainer}", dryDocker.Output());
            Assert.Contains($"would delete {Node}/{Service}.yaml", (await PruneAsync(modes, removed.File, StaticPodEnvironment, "--dry-run")).Output());
            Assert.Contains($"would DELETE deployments.apps/{Service} in namespace {KubeNamespace}", (await PruneAsync(modes, removed.File, KubernetesEnvironment, "--dry-run")).Output());
            Assert.NotNull(await chain.ContainerAsync());
            Assert.Equal(manifestsHead, await GitAsync(modes, "rev-parse", "main"));
            Assert.True(await DeploymentExistsAsync(modes));
            foreach (var env in Environments) Assert.DoesNotContain(await LedgerAsync(modes, env), e => e.Action == LedgerActions.Prune);

            // (4) Prune: each stray gone from its target, each removal in its environment's ledger.
            foreach (var env in Environments)
            {
                var result = await PruneAsync(modes, removed.File, env);
                output.WriteLine(result.Output());
                Assert.True(result.ExitCode == 0, result.Output());
                var entry = Assert.Single(await LedgerAsync(modes, env), e => e.Action == LedgerActions.Prune);
                Assert.Equal((Service, env, LedgerEntry.Succeeded), (entry.Service, entry.Environment, entry.Result));
            }
            Assert.Null(await chain.ContainerAsync());
            Assert.DoesNotContain($"{Node}/{Service}.yaml", (await GitAsync(modes, "ls-tree", "-r", "--name-only", "main")).Split('\n'));
            Assert.StartsWith($"Prune {Service} from {Node} ({StaticPodEnvironment})", await GitAsync(modes, "log", "-1", "--format=%s", "main"));
            Assert.False(await DeploymentExistsAsync(modes));
            Assert.True(await ContainerExistsAsync(chain, unknownContainer), "Prune removed a container of another environment");

            using (var ctx = modes.Context(DockerEnvironment, removed.Catalog))
            {
                var matrix = await StatusCollector.CollectAsync(ctx, Environments, Timeout);
                Assert.Equal([unknownEnvironment], matrix.Strays.Where(s => s.Environment == unknownEnvironment || Environments.Contains(s.Environment)).Select(s => s.Environment));
            }
        }
        finally
        {
            await chain.Docker.Containers.RemoveContainerAsync(unknownContainer, new ContainerRemoveParameters { Force = true });
        }
    }

    private static string ContainerSpecFactoryName(string environment) => Slipway.Deploy.Docker.ContainerSpecFactory.ContainerName(Service, environment);

    /// <summary>The chain's catalog after <paramref name="edit"/>, loaded and written to a file for the command line.</summary>
    private static (Slipway.Catalog.Catalog Catalog, string File) Edit(ThreeModesChain modes, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(modes.Chain.CatalogText)!.AsObject();
        edit(json);
        var file = modes.Scratch.Combine($"services-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json.ToJsonString());
        return (CatalogLoader.LoadFromJson(json.ToJsonString(), modes.Chain.Folder, file, DeployModes.Shipped), file);
    }

    private static Task<ProcessResult> PruneAsync(ThreeModesChain modes, string catalog, string env, params string[] more) =>
        BuildCli.RunAsync(["Prune", "--env", env, "--catalog", catalog, "--state-directory", modes.Chain.Paths.Root, "--status-timeout", "10", .. more]);

    private static async Task<string> GitAsync(ThreeModesChain modes, params string[] args)
    {
        var result = await ProcessRunner.RunAsync("git", ["--git-dir", modes.ManifestsRepository, .. args]);
        result.EnsureSuccess();
        return result.StandardOutputText.Trim();
    }

    private static async Task<bool> DeploymentExistsAsync(ThreeModesChain modes)
    {
        using var client = modes.KubeClient();
        var list = await client.AppsV1.ListNamespacedDeploymentAsync(KubeNamespace);
        return list.Items.Any(d => d.Metadata.Name == Service);
    }

    private static async Task<bool> ContainerExistsAsync(LocalChain chain, string name) =>
        (await chain.Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
        .Any(c => c.Names.Any(n => n.TrimStart('/') == name));

    private static async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(ThreeModesChain modes, string env)
    {
        using var ctx = modes.Context(env);
        return await ReleaseLedgers.For(ctx, env).ReadAsync(env);
    }
}
