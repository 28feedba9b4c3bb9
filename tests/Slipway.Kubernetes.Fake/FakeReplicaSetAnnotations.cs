using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The annotations the deployment controller keeps on a Deployment's ReplicaSets (deployment/util SetNewReplicaSetAnnotations):
/// the Deployment's own annotations (bar those describing the Deployment itself), the revision, desired/max replicas, and
/// when an old ReplicaSet is taken back as a newer revision (a rollback), its previous revisions in
/// <c>revision-history</c> (comma-separated, at most 2000 characters, oldest dropped first).
/// </summary>
public static class FakeReplicaSetAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    private const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    private const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    private const int RevisionHistoryLimitInChars = 2000;

    private static readonly HashSet<string> NotCopied =
    [
        "kubectl.kubernetes.io/last-applied-configuration", Revision, RevisionHistory, DesiredReplicas, MaxReplicas,
        "deprecated.deployment.rollback.to",
    ];

    /// <summary>The annotations <paramref name="rs"/> should carry as revision <paramref name="revision"/> of <paramref name="d"/>.</summary>
    public static Dictionary<string, string> For(V1ReplicaSet rs, V1Deployment d, long revision, int maxSurge)
    {
        var current = rs.Metadata.Annotations ?? new Dictionary<string, string>();
        var annotations = new Dictionary<string, string>(current);
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
            if (!NotCopied.Contains(key)) annotations[key] = value;
        annotations[Revision] = revision.ToString();
        var desired = d.Spec.Replicas ?? 1;
        annotations[DesiredReplicas] = desired.ToString();
        annotations[MaxReplicas] = (desired + maxSurge).ToString();
        if (current.TryGetValue(Revision, out var old) && long.TryParse(old, out var oldRevision) && oldRevision < revision)
            AppendHistory(annotations, old);
        return annotations;
    }

    private static void AppendHistory(Dictionary<string, string> annotations, string oldRevision)
    {
        var history = annotations.TryGetValue(RevisionHistory, out var h) ? h : "";
        if (history.Length == 0) { annotations[RevisionHistory] = oldRevision; return; }
        var revisions = history.Split(',').ToList();
        var total = history.Length + oldRevision.Length + 1;
        var start = 0;
        while (total > RevisionHistoryLimitInChars && start < revisions.Count) total -= revisions[start++].Length + 1;
        if (total <= RevisionHistoryLimitInChars) annotations[RevisionHistory] = string.Join(',', revisions.Skip(start).Append(oldRevision));
    }
}
