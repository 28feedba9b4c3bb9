namespace Slipway.Deploy.Kubernetes;

/// <summary>The label, annotation and field-manager names Slipway writes and the ones Kubernetes itself sets.</summary>
public static class KubernetesNames
{
    /// <summary>
    /// Field manager of every server-side apply. One fixed name, so re-applying the same manifest is a no-op
    /// and a field Slipway stops setting is removed.
    /// </summary>
    public const string FieldManager = "slipway";
    /// <summary>Pod selector label: <c>nce-app: &lt;service&gt;</c>.</summary>
    public const string AppLabel = "nce-app";
    /// <summary>Label on the namespace (and the Deployment) naming the catalog environment.</summary>
    public const string EnvironmentLabel = "slipway.io/environment";
    /// <summary>Label marking objects Slipway manages.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string TagAnnotation = "slipway.io/tag";
    public const string CommitAnnotation = "slipway.io/commit";
    public const string DigestAnnotation = "slipway.io/digest";
    public const string LedgerEntryAnnotation = "slipway.io/ledger-entry";
    /// <summary>Set by the deployment controller on Deployments and ReplicaSets.</summary>
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    /// <summary>Set by the deployment controller on ReplicaSets and Pods; not part of the Deployment's template.</summary>
    public const string PodTemplateHashLabel = "pod-template-hash";
}
