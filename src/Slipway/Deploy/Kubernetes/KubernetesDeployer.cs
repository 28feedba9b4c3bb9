using k8s;
using k8s.Autorest;
using k8s.Models;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Kubernetes;

/// <summary>What a successful Kubernetes deploy did.</summary>
/// <param name="Generation">The Deployment's metadata.generation after the apply.</param>
/// <param name="Changed">False when the cluster already ran this exact spec. The generation may still have moved: Kubernetes
/// bumps it for an annotation change too (a new tag or ledger entry on the same image), which starts no rollout.</param>
public sealed record KubernetesDeployResult(long Generation, bool Changed);

/// <summary>
/// Deploys one service to a Kubernetes namespace: ensure the namespace, server-side apply the Deployment, wait for the
/// rollout as <c>kubectl rollout status</c> decides, and on failure roll back as <c>kubectl rollout undo</c> does and fail
/// with the cause.
/// </summary>
/// <remarks>
/// The apply uses the fixed field manager <c>slipway</c> with <c>force=true</c>. Decision: the catalog is the source of truth
/// for these Deployments, so a field another manager took over (a <c>kubectl set image</c> or <c>kubectl scale</c>, a
/// <c>kubectl rollout undo</c>, or Slipway's own JSON-patch rollback, which is an update rather than an apply) is taken back
/// rather than failing the deploy with a 409 field conflict. Force only covers the fields in Slipway's apply: fields Slipway
/// never sets (an env var from <c>kubectl set env</c>, a sidecar) stay with their owners and survive every deploy.
/// </remarks>
public sealed class KubernetesDeployer(IKubernetes client, string context, IBuildLog log)
{
    /// <summary>How often the Deployment is read while waiting (default 2 s, as kubectl's watch-less fallback would).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Applies and rolls out <paramref name="request"/>; rolls back and throws when the rollout fails.</summary>
    /// <exception cref="SlipwayException">An API call failed (mapped), or the rollout failed (after the rollback).</exception>
    public async Task<KubernetesDeployResult> DeployAsync(KubernetesDeployRequest request, CancellationToken ct = default)
    {
        var (ns, name) = (request.Namespace, request.Name);
        var prefix = $"[{name}] ";
        await new NamespaceEnsurer(client, context, log).EnsureAsync(ns, request.Settings.Environment, ct);
        request = await WithSchedulableNodesAsync(request, prefix, ct);
        var before = await ReadOrNullAsync(ns, name, ct);
        var manifest = DeploymentRenderer.Render(request);
        var applied = await ApplyAsync(manifest, ct);
        var generation = applied.Metadata.Generation ?? 0;
        var changed = before is null || KubernetesJson.Serialize(before.Spec) != KubernetesJson.Serialize(applied.Spec);
        var generationNote = generation == (before?.Metadata.Generation ?? 0) ? "unchanged" : "bumped by the new annotations";
        log.Info(before is null
            ? $"{prefix}created Deployment {ns}/{name} (generation {generation}), image {request.ImageByDigest}"
            : changed
                ? $"{prefix}updated Deployment {ns}/{name} to generation {generation}: image {CurrentImage(before)} -> {request.ImageByDigest}"
                : $"{prefix}Deployment {ns}/{name} already runs this spec (generation {generation} {generationNote})");

        var timeout = TimeSpan.FromSeconds(request.Mode.RolloutTimeoutSeconds);
        var waiter = new RolloutWaiter(client, context, log, PollInterval);
        var (end, message) = await waiter.WaitAsync(ns, name, timeout, prefix, ct);
        if (end == RolloutEnd.RolledOut) return new KubernetesDeployResult(generation, changed);

        var why = end switch
        {
            RolloutEnd.ProgressDeadlineExceeded => $"ProgressDeadlineExceeded: no progress for progressDeadlineSeconds={request.Mode.ProgressDeadlineSeconds}",
            RolloutEnd.Unschedulable => "a new pod can never be scheduled, so the rollout was stopped before its progress deadline",
            _ => $"not rolled out within rolloutTimeoutSeconds={request.Mode.RolloutTimeoutSeconds} (last state: {message})",
        };
        var causes = await new RolloutDiagnosis(client, context).ExplainAsync(ns, name, ct);
        foreach (var cause in causes) log.Error($"{prefix}{cause}");
        var undo = await new RolloutUndo(client, context).UndoAsync(ns, name, ct);
        var causeText = string.Join("; ", causes);
        if (undo is null)
            throw new SlipwayException($"Deployment {ns}/{name} (context {context}) failed to roll out image {request.ImageByDigest}: {why}. " +
                                       $"Cause: {causeText}. There is no previous revision to roll back to, so the failing revision stays. " +
                                       $"Fix: correct the cause and deploy again (kubectl -n {ns} describe pods -l {SlipwayLabels.App}={name}).");
        log.Warn($"{prefix}rolling back to revision {undo.Revision} (image {undo.Image})");
        var (undoEnd, undoMessage) = await waiter.WaitAsync(ns, name, timeout, prefix, ct);
        var rollbackText = undoEnd == RolloutEnd.RolledOut
            ? $"Rolled back to revision {undo.Revision} (image {undo.Image}), which is available again."
            : $"The rollback to revision {undo.Revision} (image {undo.Image}) did not finish either ({undoMessage}): check the namespace now.";
        throw new SlipwayException($"Deployment {ns}/{name} (context {context}) failed to roll out image {request.ImageByDigest}: {why}. " +
                                   $"Cause: {causeText}. {rollbackText} " +
                                   $"Fix: correct the cause (image, health path {request.Settings.HealthPath}, resources) and deploy again.");
    }

    /// <summary>The server-side apply: fixed field manager, force on conflicts; creates the Deployment when missing.</summary>
    public async Task<V1Deployment> ApplyAsync(V1Deployment manifest, CancellationToken ct)
    {
        var (ns, name) = (manifest.Metadata.NamespaceProperty, manifest.Metadata.Name);
        return await KubernetesErrors.Call(new("patch", "deployments.apps", ns, name),
            () => client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(manifest, V1Patch.PatchType.ApplyPatch), name, ns,
                fieldManager: KubernetesNames.FieldManager, force: true, cancellationToken: ct), context);
    }

    /// <summary>
    /// Reads how many nodes could run the pods, fails when they cannot hold the replicas, and says when the surge is cut
    /// to fit them. When nodes cannot be listed, the budget is the one that works on the fewest nodes that can hold the replicas.
    /// </summary>
    private async Task<KubernetesDeployRequest> WithSchedulableNodesAsync(KubernetesDeployRequest request, string prefix, CancellationToken ct)
    {
        var (s, mode) = (request.Settings, request.Mode);
        var nodes = await SchedulableNodes.CountAsync(client, context, mode.NodeSelector, ct);
        if (nodes is { } count) HostNetworkRollout.RequireNodes(s, mode, count);
        else log.Warn($"{prefix}the nodes matching the nodeSelector could not be listed (the user of context {context} may not list nodes, " +
                      "or the nodeSelector is invalid): " +
                      $"rolling as if there were only {s.Replicas} (no surge pod, one pod replaced at a time). " +
                      "Fix: grant 'list' on 'nodes' (a ClusterRole) to let the catalog's maxSurge apply where nodes are spare.");
        var known = nodes ?? s.Replicas;
        var budget = HostNetworkRollout.Budget(mode.RollingUpdate, s.Replicas, known);
        if (budget != mode.RollingUpdate)
            log.Info($"{prefix}host networking: {known} node(s) can run the {s.Replicas} replica(s) on port {s.Port}, leaving {budget.MaxSurge} " +
                     $"for surge pods, fewer than the catalog's maxSurge {mode.RollingUpdate.MaxSurge}: rolling with maxSurge {budget.MaxSurge}, " +
                     $"maxUnavailable {budget.MaxUnavailable}");
        return request with { SchedulableNodes = known };
    }

    /// <summary>Deployment <paramref name="name"/> in <paramref name="ns"/>, or null when there is none.</summary>
    public async Task<V1Deployment?> ReadOrNullAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.Map(e, new("get", "deployments.apps", ns, name));
        }
        catch (HttpRequestException e)
        {
            throw new SlipwayException($"Kubernetes API of context '{context}' is unreachable (get deployments.apps/{name} in namespace {ns}): {e.Message}. " +
                                       "Fix: check the cluster address in the kubeconfig, the network path to it, and that the API server runs.", e);
        }
    }

    private static string CurrentImage(V1Deployment deployment) =>
        deployment.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Image ?? "<none>";
}
