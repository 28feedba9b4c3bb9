using Slipway.Catalog;
using Slipway.Deploy.Docker;

namespace Slipway.Tests.Distribution;

public sealed class SshEndpointTests
{
    private static SshEndpoint Endpoint(string? dockerHost = null) => new("dev-docker-1", new SshTargetSpec
    {
        Host = "dev-docker-1.internal", Port = 2222, User = "deploy", IdentityFile = "keys/id_ed25519",
        KnownHostsFile = "/etc/slipway/develop/known_hosts", DockerHost = dockerHost,
    }, p => Path.IsPathRooted(p) ? p : "/catalog/" + p);

    [Fact]
    public void Host_keys_are_checked_strictly_against_the_catalog_file_and_nothing_prompts()
    {
        var args = Endpoint().Arguments(["docker", "load"]);
        var line = string.Join(' ', args);
        Assert.Contains("-o BatchMode=yes", line);
        Assert.Contains("-o StrictHostKeyChecking=yes", line);
        Assert.Contains("-o UserKnownHostsFile=/etc/slipway/develop/known_hosts", line);
        Assert.Contains("-o GlobalKnownHostsFile=/dev/null", line);
        Assert.Contains("-i /catalog/keys/id_ed25519", line);
        Assert.Contains("-p 2222 -l deploy dev-docker-1.internal --", line);
        Assert.DoesNotContain("StrictHostKeyChecking=no", line);
        Assert.DoesNotContain("accept-new", line);
        Assert.Equal("docker load", args[^1]);
    }

    [Fact]
    public void The_remote_command_is_one_quoted_string_with_the_catalog_DOCKER_HOST()
    {
        var endpoint = Endpoint("unix:///run/other docker.sock");
        var args = endpoint.Arguments(endpoint.Docker("image", "inspect", "--format", "{{.Id}}", "repo:tag"));
        Assert.Equal("env 'DOCKER_HOST=unix:///run/other docker.sock' docker image inspect --format '{{.Id}}' repo:tag", args[^1]);
    }

    [Fact]
    public void Exit_255_with_a_host_key_failure_names_the_host_and_the_known_hosts_file()
    {
        var error = Endpoint().Failure("docker load of x", 255, "Host key verification failed.\r\n");
        Assert.Contains("'dev-docker-1'", error.Message);
        Assert.Contains("/etc/slipway/develop/known_hosts", error.Message);
        Assert.Contains("Host key verification failed", error.Message);
        Assert.Contains("could not connect", Endpoint().Failure("docker load of x", 255, "Connection refused").Message);
        Assert.Contains("exit code 1", Endpoint().Failure("docker load of x", 1, "no space left on device").Message);
    }
}
