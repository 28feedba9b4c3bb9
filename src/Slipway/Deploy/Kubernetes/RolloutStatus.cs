using k8s.Models;

namespace Slipway.Deploy.Kubernetes;

/// <summary>One reading of a rollout: finished, failed (progress deadline exceeded) or still waiting, with kubectl's message.</summary>
public sealed record RolloutState(bool Done, bool Failed, string Message);

/// <summary>
/// Decides a Deployment's rollout state exactly as <c>kubectl rollout status</c> does
/// (kubectl polymorphichelpers/rollout_status.go, DeploymentStatusViewer), in the same order and with the same messages.
/// </summary>
public static class RolloutStatus
{
    /// <summary>The Progressing condition reason the controller sets when progressDeadlineSeconds passed without progress.</summary>
    public const string TimedOutReason = "ProgressDeadlineExceeded";

    /// <summary>Reads the state of <paramref name="deployment"/> as returned by a GET.</summary>
    public static RolloutState Of(V1Deployment deployment)
    {
        var name = deployment.Metadata.Name;
        var status = deployment.Status ?? new V1DeploymentStatus();
        // Right after a write the status is the controller's previous one; it only speaks for this spec once observed.
        if ((deployment.Metadata.Generation ?? 0) > (status.ObservedGeneration ?? 0))
            return new(false, false, "Waiting for deployment spec update to be observed...");
        var progressing = status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing?.Reason == TimedOutReason)
            return new(false, true, $"deployment \"{name}\" exceeded its progress deadline");
        // Zero counts are omitted from the JSON, hence null.
        var desired = deployment.Spec?.Replicas;
        var replicas = status.Replicas ?? 0;
        var updated = status.UpdatedReplicas ?? 0;
        var available = status.AvailableReplicas ?? 0;
        if (desired is not null && updated < desired)
            return new(false, false, $"Waiting for deployment \"{name}\" rollout to finish: {updated} out of {desired} new replicas have been updated...");
        if (replicas > updated)
            return new(false, false, $"Waiting for deployment \"{name}\" rollout to finish: {replicas - updated} old replicas are pending termination...");
        if (available < updated)
            return new(false, false, $"Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...");
        return new(true, false, $"deployment \"{name}\" successfully rolled out");
    }
}
