using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Slipway.Deploy.Kubernetes;

/// <summary>How many nodes could run a pod with a given nodeSelector: labelled so, Ready, and not cordoned.</summary>
public static class SchedulableNodes
{
    /// <summary>
    /// The count; null when the kubeconfig user may not list nodes (403), as a namespace-scoped deployer often may not,
    /// or the nodeSelector is no valid label selector (400; the apply then rejects it, naming the field).
    /// </summary>
    public static async Task<int?> CountAsync(IKubernetes client, string context, IReadOnlyDictionary<string, string> nodeSelector, CancellationToken ct)
    {
        var selector = string.Join(",", nodeSelector.Select(kv => $"{kv.Key}={kv.Value}"));
        try
        {
            var nodes = await KubernetesErrors.Call(new("list", "nodes", null, null),
                () => client.CoreV1.ListNodeAsync(labelSelector: selector.Length == 0 ? null : selector, cancellationToken: ct), context);
            return nodes.Items.Count(IsSchedulable);
        }
        catch (Diagnostics.SlipwayException e) when (e.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.BadRequest })
        {
            return null;
        }
    }

    private static bool IsSchedulable(V1Node node) =>
        node.Spec?.Unschedulable != true &&
        node.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: "True" }) == true;
}
