using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Kubernetes;

/// <summary>What Slipway was doing when an API call failed: the verb, the resource and where.</summary>
/// <param name="Verb">The RBAC verb: get, list, create, patch, update.</param>
/// <param name="Resource">The resource as RBAC names it: deployments.apps, namespaces, pods, replicasets.apps.</param>
/// <param name="Namespace">The namespace, or null for cluster-scoped resources.</param>
/// <param name="Name">The object's name, or null for a list.</param>
public sealed record KubernetesOperation(string Verb, string Resource, string? Namespace, string? Name)
{
    /// <summary>e.g. <c>patch deployments.apps/nce-api in namespace nce</c>.</summary>
    public override string ToString() =>
        $"{Verb} {Resource}{(Name is null ? "" : "/" + Name)}{(Namespace is null ? "" : " in namespace " + Namespace)}";
}

/// <summary>Turns API errors (metav1.Status bodies) into <see cref="SlipwayException"/>s that name the cause and the fix.</summary>
public static class KubernetesErrors
{
    /// <summary>Runs <paramref name="call"/>, mapping API and connection failures for <paramref name="operation"/>.</summary>
    public static async Task<T> Call<T>(KubernetesOperation operation, Func<Task<T>> call, string context)
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e)
        {
            throw Map(e, operation);
        }
        catch (HttpRequestException e)
        {
            throw new SlipwayException($"Kubernetes API of context '{context}' is unreachable ({operation}): {e.Message}. " +
                                       "Fix: check the cluster address in the kubeconfig, the network path to it, and that the API server runs.", e);
        }
    }

    /// <summary>The API's Status for <paramref name="e"/>, or null when the body is not one.</summary>
    public static V1Status? StatusOf(HttpOperationException e)
    {
        var body = e.Response?.Content;
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(body);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Maps one failed call: 409 AlreadyExists/apply field conflict/Conflict, 422 Invalid (every cause), 403 Forbidden (RBAC), 404, 401, others.</summary>
    public static SlipwayException Map(HttpOperationException e, KubernetesOperation operation)
    {
        var status = StatusOf(e);
        var code = (int?)e.Response?.StatusCode ?? status?.Code ?? 0;
        var reason = status?.Reason ?? "";
        var message = status?.Message ?? e.Response?.ReasonPhrase ?? e.Message;
        var text = (code, reason) switch
        {
            (409, "AlreadyExists") =>
                $"{operation} failed: it already exists (409 AlreadyExists: {message}). " +
                "Fix: it was created by someone else meanwhile; rerun the deploy, which applies over the existing object.",
            (409, _) when status?.Details?.Causes?.Any(c => c.Reason == "FieldManagerConflict") == true =>
                $"{operation} failed: another field manager owns fields this apply would change (409 Conflict: {message}). " +
                "Fix: leave those fields to their owner, or apply with force (Slipway's own deploy always does) to take them over.",
            (409, _) =>
                $"{operation} failed: the object changed while Slipway was updating it (409 {Or(reason, "Conflict")}: {message}{Causes(status)}). " +
                "Fix: someone else is changing it at the same time; wait for them to finish and rerun the deploy.",
            (422, _) =>
                $"{operation} was rejected as invalid (422 {Or(reason, "Invalid")}): {message}{Causes(status)}. " +
                "Fix: correct the catalog values behind these fields (services.json) and rerun.",
            (403, _) =>
                $"{operation} is forbidden (403 Forbidden: {message}). Fix: grant the kubeconfig user RBAC permission to '{operation.Verb}' " +
                $"'{operation.Resource}'{(operation.Namespace is null ? " (cluster-wide)" : $" in namespace '{operation.Namespace}'")} " +
                "with a Role/ClusterRole and a RoleBinding, or use a context whose user has it.",
            (401, _) =>
                $"{operation} was refused: the credentials are not accepted (401 Unauthorized). Fix: renew the token or certificate of the kubeconfig user.",
            (404, _) =>
                $"{operation} failed: not found (404 {Or(reason, "NotFound")}: {message}). Fix: check the namespace and name in the catalog.",
            _ =>
                $"{operation} failed with HTTP {code} {Or(reason, e.Response?.ReasonPhrase ?? "")}: {message}. Fix: see the API server's message; rerun when it is resolved.",
        };
        return new SlipwayException(text, e);
    }

    /// <summary>True when <paramref name="e"/> is a 404.</summary>
    public static bool IsNotFound(HttpOperationException e) => e.Response?.StatusCode == HttpStatusCode.NotFound;

    private static string Or(string value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;

    private static string Causes(V1Status? status)
    {
        var causes = status?.Details?.Causes;
        if (causes is null || causes.Count == 0) return "";
        return "; causes: " + string.Join("; ", causes.Select(c =>
            string.IsNullOrEmpty(c.Field) ? $"{c.Message} ({c.Reason})" : $"{c.Field}: {c.Message} ({c.Reason})"));
    }
}
