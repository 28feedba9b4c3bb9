using k8s;
using k8s.Autorest;
using k8s.Models;
using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// Deployments Slipway applied to the environment's namespace (its managed-by and environment labels) for services the
/// catalog does not enable there; removed with a DELETE whose pods go in the background, as <c>kubectl delete</c> does.
/// </summary>
internal static class KubernetesStrays
{
    private const string Propagation = "Background";

    /// <summary>The strays among the namespace's <paramref name="deployments"/>.</summary>
    public static IEnumerable<Stray> Among(IEnumerable<V1Deployment> deployments, KubernetesModeSpec mode, string environment,
        IReadOnlyCollection<string> enabledServices, Catalog.Catalog catalog)
    {
        foreach (var deployment in deployments)
        {
            var labels = deployment.Metadata?.Labels;
            var name = deployment.Metadata?.Name;
            if (name is null || SlipwayLabels.Read(labels, KubernetesNames.ManagedByLabel) != KubernetesNames.FieldManager
                || SlipwayLabels.Read(labels, SlipwayLabels.Environment) != environment || enabledServices.Contains(name)) continue;
            yield return new Stray
            {
                Environment = environment, Service = name, Where = $"namespace {mode.Namespace} (context {mode.Context})",
                What = $"Deployment {mode.Namespace}/{name}", TargetName = mode.Namespace, ObjectName = name,
                Reason = Stray.ReasonFor(catalog, name, environment), RemoveCommand = Stray.PruneCommand(environment),
            };
        }
    }

    public static void Describe(ChainContext ctx, Stray stray)
    {
        var mode = ctx.Target.Spec.Kubernetes!;
        ctx.Log.Info($"  would DELETE deployments.apps/{stray.ObjectName} in namespace {mode.Namespace} (context {mode.Context}), " +
                     $"propagationPolicy {Propagation}: its ReplicaSets and pods are removed after it");
    }

    public static async Task RemoveAsync(ChainContext ctx, Stray stray, CancellationToken ct)
    {
        var mode = ctx.Target.Spec.Kubernetes!;
        var (kubeconfig, source) = KubeconfigLocator.Locate(mode.Kubeconfig, ctx.Catalog.BaseDirectory);
        using var client = KubernetesConnection.Open(kubeconfig, source, mode.Context);
        try
        {
            await KubernetesErrors.Call(new("delete", "deployments.apps", mode.Namespace, stray.ObjectName),
                () => client.AppsV1.DeleteNamespacedDeploymentAsync(stray.ObjectName, mode.Namespace,
                    new V1DeleteOptions { PropagationPolicy = Propagation }, cancellationToken: ct), mode.Context);
            ctx.Log.Info($"[{stray.Service}] deleted Deployment {mode.Namespace}/{stray.ObjectName} (context {mode.Context})");
        }
        catch (Diagnostics.SlipwayException e) when (e.InnerException is HttpOperationException http && KubernetesErrors.IsNotFound(http))
        {
            ctx.Log.Info($"[{stray.Service}] Deployment {mode.Namespace}/{stray.ObjectName} is already gone");
        }
    }
}
