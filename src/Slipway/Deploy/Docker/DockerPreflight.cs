using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Docker;

/// <summary>Before a docker-mode deploy builds anything: every host's engine answers (with its TLS client certificate).</summary>
internal static class DockerPreflight
{
    public static async Task RunAsync(ChainContext ctx, DockerModeSpec mode, CancellationToken ct)
    {
        foreach (var (host, index) in mode.Hosts.Select((h, i) => (h, i)))
            await CheckEngineAsync(ctx.Environment, host, index, ct);
    }

    private static async Task CheckEngineAsync(string environment, DockerHostSpec host, int index, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DeployPreflight.Timeout);
        try
        {
            using var client = DockerClients.Connect(host.Endpoint, host.Tls);
            await client.System.PingAsync(timeout.Token);
        }
        catch (Exception e) when (e is not SlipwayException && !ct.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no answer within {DeployPreflight.Timeout.TotalSeconds:0} s" : Innermost(e).Message;
            throw SlipwayException.Input($"environments.{environment}.docker.hosts[{index}] '{host.Name}' ({host.Endpoint})",
                $"the Docker engine does not answer ({why}); nothing was built or deployed",
                "start the engine on that host, or correct the endpoint (and tls files) in the catalog");
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
