using k8s;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy.Kubernetes;
using Slipway.Diagnostics;

namespace Slipway.Pipeline;

/// <summary>
/// Before a Deploy builds or pushes anything, checks that the environment's targets can be reached with the
/// configured credentials: every docker host's engine answers; the kubeconfig exists, has the context, and its user
/// may read Deployments in the namespace. A deploy that cannot happen then fails in seconds and leaves no image,
/// tag or ledger entry behind, instead of failing after the build and push.
/// </summary>
public static class DeployPreflight
{
    /// <summary>How long one engine or API server gets to answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Checks <paramref name="ctx"/>'s environment; a dry run checks nothing (it makes no engine or network call).</summary>
    /// <exception cref="SlipwayException">A target does not answer or refuses the credentials.</exception>
    public static async Task RunAsync(ChainContext ctx, CancellationToken ct = default)
    {
        if (ctx.DryRun) return;
        var environment = ctx.Catalog.Environments[ctx.Environment];
        if (environment.Docker is { } docker)
            foreach (var (host, index) in docker.Hosts.Select((h, i) => (h, i)))
                await CheckEngineAsync(ctx.Environment, host, index, ct);
        if (environment.Kubernetes is { } kubernetes)
            await CheckKubernetesAsync(ctx, kubernetes, ct);
    }

    private static async Task CheckEngineAsync(string environment, DockerHostSpec host, int index, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = DockerClients.Connect(host.Endpoint, host.Tls);
            await client.System.PingAsync(timeout.Token);
        }
        catch (Exception e) when (e is not SlipwayException && !ct.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : Innermost(e).Message;
            throw SlipwayException.Input($"environments.{environment}.docker.hosts[{index}] '{host.Name}' ({host.Endpoint})",
                $"the Docker engine does not answer ({why}); nothing was built or deployed",
                "start the engine on that host, or correct the endpoint (and tls files) in the catalog");
        }
    }

    private static async Task CheckKubernetesAsync(ChainContext ctx, KubernetesModeSpec mode, CancellationToken ct)
    {
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, ctx.Catalog.BaseDirectory);
        using var client = KubernetesConnection.Open(kubeconfig, source, mode.Context);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var operation = new KubernetesOperation("list", "deployments.apps", mode.Namespace, null);
        try
        {
            await KubernetesErrors.Call(operation,
                () => client.AppsV1.ListNamespacedDeploymentAsync(mode.Namespace, limit: 1, cancellationToken: timeout.Token), mode.Context);
        }
        catch (SlipwayException e)
        {
            throw new SlipwayException($"Deploy to '{ctx.Environment}' (kubeconfig {kubeconfig} from {source}, context '{mode.Context}') " +
                                       $"cannot start; nothing was built or deployed: {e.Message}", e);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw SlipwayException.Input($"kubeconfig {kubeconfig} context '{mode.Context}'",
                $"the Kubernetes API server does not answer within {Timeout.TotalSeconds:0} s; nothing was built or deployed",
                "check the cluster address in the kubeconfig and the network path to it");
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
