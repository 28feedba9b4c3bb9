using k8s;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Before a kubernetes-mode deploy builds anything: the kubeconfig exists, has the context, and its user may read Deployments in the namespace.</summary>
internal static class KubernetesPreflight
{
    public static async Task RunAsync(ChainContext ctx, KubernetesModeSpec mode, CancellationToken ct)
    {
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, ctx.Catalog.BaseDirectory);
        using var client = KubernetesConnection.Open(kubeconfig, source, mode.Context);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DeployPreflight.Timeout);
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
                $"the Kubernetes API server does not answer within {DeployPreflight.Timeout.TotalSeconds:0} s; nothing was built or deployed",
                "check the cluster address in the kubeconfig and the network path to it");
        }
    }
}
