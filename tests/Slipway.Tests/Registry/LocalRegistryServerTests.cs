using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

public class LocalRegistryServerTests
{
    [Fact]
    public async Task EnsureRunning_starts_a_detached_registry_and_reuses_it_on_the_next_call()
    {
        var dir = Path.Combine(Path.GetTempPath(), "slipway-managed-" + Guid.NewGuid().ToString("N")[..8]);
        var port = FreePort.Next();
        var log = new MemoryBuildLog();
        LocalRegistryServer? first = null;
        try
        {
            first = await LocalRegistryServer.EnsureRunningAsync(dir, port, log);
            Assert.False(first.Reused);
            Assert.NotNull(first.ProcessId);
            Assert.Equal(first.ProcessId.ToString(), File.ReadAllText(Path.Combine(dir, "registry.pid")).Trim());
            var config = File.ReadAllText(Path.Combine(dir, "config.yml"));
            Assert.Contains($"addr: 127.0.0.1:{port}", config);
            Assert.Contains("enabled: true", config);

            var second = await LocalRegistryServer.EnsureRunningAsync(dir, port, log);
            Assert.True(second.Reused);
            Assert.Equal(first.ProcessId, second.ProcessId);

            using var client = new RegistryClient(first.Url, insecure: true);
            await client.PingAsync();
        }
        finally
        {
            if (first is not null) await TestRegistry.KillAsync(first);
            Directory.Delete(dir, recursive: true);
        }
        Assert.False(await LocalRegistryServer.AnswersAsync(port, CancellationToken.None));
    }
}
