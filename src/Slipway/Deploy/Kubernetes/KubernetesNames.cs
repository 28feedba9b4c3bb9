namespace Slipway.Deploy.Kubernetes;

/// <summary>The field manager and the names Kubernetes itself sets; the names Slipway writes are <see cref="SlipwayLabels"/>.</summary>
public static class KubernetesNames
{
    /// <summary>
    /// Field manager of every server-side apply. One fixed name, so re-applying the same manifest is a no-op
    /// and a field Slipway stops setting is removed.
    /// </summary>
    public const string FieldManager = "slipway";
    /// <summary>Label marking objects Slipway manages.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    /// <summary>Set by the deployment controller on Deployments and ReplicaSets.</summary>
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    /// <summary>Set by the deployment controller on ReplicaSets and Pods; not part of the Deployment's template.</summary>
    public const string PodTemplateHashLabel = "pod-template-hash";
}
