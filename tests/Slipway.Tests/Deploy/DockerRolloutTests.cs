using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Chain;
using Slipway.Deploy.Docker;
using Slipway.Diagnostics;
using Slipway.Pipeline;

namespace Slipway.Tests.Deploy;

/// <summary>
/// Docker mode with two hosts: the main engine over its unix socket, and a second dockerd over tcp with TLS client
/// certificates. The images travel through a real registry; each host runs the sample on its own port.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed partial class DockerRolloutTests(SecondDockerEngineFixture fixture) : IClassFixture<SecondDockerEngineFixture>
{
    private readonly SecondDockerEngine _second = fixture.Engine;

    [Fact]
    public async Task A_new_digest_rolls_host_by_host_and_a_build_failing_health_leaves_the_previous_version_on_every_host()
    {
        var offset = 0;
        var environment = "rollout-" + Guid.NewGuid().ToString("N")[..8];
        await using var chain = await LocalChain.StartAsync(json => offset = AddHostB(json, environment), environment);
        using var engineB = _second.Client();
        var portA = chain.Port;
        var portB = chain.Port + offset;

        // v1 everywhere, then v2 rolls a then b.
        var v1 = await BuildAndRollAsync(chain);
        Assert.Equal([HostDeployOutcome.Started, HostDeployOutcome.Started], v1.Results.Select(r => r.Outcome));
        await chain.Source.CommitAsync("v2");
        var v2 = await BuildAndRollAsync(chain);
        Assert.NotEqual(v1.Run.Digest, v2.Run.Digest);
        Assert.Equal(["host-a", "host-b"], v2.Results.Select(r => r.Host));
        Assert.All(v2.Results, r => Assert.Equal(HostDeployOutcome.Replaced, r.Outcome));
        Assert.True(v2.Results[0].FinishedAt <= v2.Results[1].StartedAt, "host-b must start after host-a is healthy");
        var containerA = await InspectAsync(chain.Docker, chain.ContainerName);
        var containerB = await InspectAsync(engineB, chain.ContainerName);
        Assert.True(DateTime.Parse(containerA.State.StartedAt) < DateTime.Parse(containerB.State.StartedAt));
        foreach (var c in new[] { containerA, containerB })
        {
            Assert.Equal(v2.Run.Digest!.Value, c.Config.Labels["slipway.io/digest"]);
            Assert.Equal(v2.Run.Checkout!.Sha, c.Config.Labels["slipway.io/commit"]);
            Assert.Equal(v2.Run.Tag, c.Config.Labels["slipway.io/tag"]);
        }
        Assert.Contains($"NCE_PORT={portB}", containerB.Config.Env);

        // The same digest again: no host is touched.
        using (var ctx = chain.Context())
        {
            var again = await DockerModeDeploy.RunAsync(ctx, DeployStep.InputOf(v2.Run), ctx.Target.Spec.Docker!, default);
            Assert.All(again, r => Assert.Equal(HostDeployOutcome.Unchanged, r.Outcome));
        }

        // v3's /health answers 500: host-a gets v2 back, host-b is never touched, the run names host-a.
        await chain.Source.CommitAsync("Break the health check", ("greeting-web/src/main/java/io/slipway/samples/greeting/web/HealthServlet.java",
            (await File.ReadAllTextAsync(RepoRoot.Combine("samples", "greeting", "greeting-web", "src", "main", "java", "io", "slipway", "samples", "greeting", "web", "HealthServlet.java")))
            .Replace("SC_OK", "SC_INTERNAL_SERVER_ERROR")));
        var error = await Assert.ThrowsAsync<SlipwayException>(() => BuildAndRollAsync(chain));
        Assert.Contains("rollout stopped at host 'host-a'", error.Message);
        Assert.Contains("HTTP 500", error.Message);
        Assert.Contains("Not touched: host-b", error.Message);

        foreach (var (docker, port) in new[] { (chain.Docker, portA), (engineB, portB) })
        {
            var now = await InspectAsync(docker, chain.ContainerName);
            Assert.Equal(v2.Run.Digest!.Value, now.Config.Labels["slipway.io/digest"]);
            Assert.True(now.State.Running);
            Assert.Equal(200, await HealthPoll.StatusWithinAsync(port, TimeSpan.FromSeconds(60)));
        }
        Assert.Equal(containerB.ID, (await InspectAsync(engineB, chain.ContainerName)).ID);
    }

    /// <summary>Names the environment's host host-a and adds host-b, the second engine over TLS; returns host-b's port offset.</summary>
    private int AddHostB(JsonObject json, string environment)
    {
        json["defaults"]!["healthTimeoutSeconds"] = 30;
        var hosts = json["environments"]![environment]!["docker"]!["hosts"]!.AsArray();
        hosts[0]!["name"] = "host-a";
        hosts.Add(new JsonObject
        {
            ["name"] = "host-b", ["endpoint"] = _second.TlsEndpoint, ["address"] = "127.0.0.1",
            ["tls"] = new JsonObject
            {
                ["caFile"] = _second.Certificates.CaFile, ["certFile"] = _second.Certificates.ClientCertFile,
                ["keyFile"] = _second.Certificates.ClientKeyFile,
            },
        });
        var offset = OffsetToAFreePort((int)json["services"]![LocalChain.Service]!["port"]!);
        hosts[1]!["portOffset"] = offset;
        return offset;
    }

    private static async Task<(ServiceRun Run, IReadOnlyList<HostRolloutResult> Results)> BuildAndRollAsync(LocalChain chain)
    {
        using var ctx = chain.Context();
        var run = await chain.BuildAndPushAsync(ctx);
        var results = await DockerModeDeploy.RunAsync(ctx, DeployStep.InputOf(run), ctx.Target.Spec.Docker!, default);
        return (run, results);
    }

    private static async Task<ContainerInspectResponse> InspectAsync(IDockerClient docker, string name) =>
        await docker.Containers.InspectContainerAsync(name);

    private static int OffsetToAFreePort(int port) => FreePort.Above(port) - port;
}
