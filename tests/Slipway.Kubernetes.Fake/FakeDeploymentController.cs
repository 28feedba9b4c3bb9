using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// A simulated deployment + ReplicaSet controller and kubelet: one ReplicaSet per pod-template hash, revision annotations
/// (a template seen before takes its old ReplicaSet back as the newest revision, as a rollback does), rolling scale-up/down
/// within maxSurge/maxUnavailable, pods whose readiness <see cref="FakePodLifecycle"/> decides, and the Deployment status
/// written asynchronously: observedGeneration, counts with zeros omitted, Progressing/Available conditions, and
/// ProgressDeadlineExceeded once progressDeadlineSeconds (cluster time) pass without progress.
/// </summary>
public sealed class FakeDeploymentController(FakeCluster cluster)
{
    private const string HashLabel = FakePodTemplateHash.Label;
    private const string RevisionKey = FakeReplicaSetAnnotations.Revision;
    private readonly Dictionary<string, Progress> _progress = new();

    private sealed class Progress
    {
        public double LastProgress;
        public string Fingerprint = "";
        public bool TimedOut;
    }

    /// <summary>One reconcile pass over every Deployment; callers hold the cluster's gate.</summary>
    public void Tick()
    {
        // A Deployment being deleted is left to the garbage collector, as the real controller only syncs its status.
        foreach (var deployment in cluster.Deployments.Values.Where(d => d.Metadata.DeletionTimestamp is null).ToList()) Reconcile(deployment);
    }

    private void Reconcile(V1Deployment d)
    {
        var now = cluster.Clock.Seconds;
        var ns = d.Metadata.NamespaceProperty;
        var progress = _progress.TryGetValue(d.Metadata.Uid, out var p) ? p : _progress[d.Metadata.Uid] = new Progress { LastProgress = now };
        var owned = cluster.ReplicaSets.Values.Where(rs => rs.Metadata.NamespaceProperty == ns && rs.Metadata.OwnerReferences?.Any(o => o.Uid == d.Metadata.Uid) == true).ToList();
        var hash = FakePodTemplateHash.Of(d.Spec.Template);
        var newRs = owned.FirstOrDefault(rs => rs.Metadata.Labels[HashLabel] == hash);
        var maxRevision = owned.Select(Revision).DefaultIfEmpty(0).Max();
        var specObserved = d.Status?.ObservedGeneration == d.Metadata.Generation;
        if (newRs is null)
        {
            newRs = NewReplicaSet(d, hash, maxRevision + 1);
            owned.Add(newRs);
        }
        else if (Revision(newRs) < maxRevision) SetAnnotations(newRs, d, maxRevision + 1);
        else SetAnnotations(newRs, d, Revision(newRs));
        if (d.Metadata.Annotations?.GetValueOrDefault(RevisionKey) != Revision(newRs).ToString())
        {
            (d.Metadata.Annotations ??= new Dictionary<string, string>())[RevisionKey] = Revision(newRs).ToString();
            d.Metadata.ResourceVersion = cluster.NextResourceVersion();
        }
        if (!specObserved) { progress.LastProgress = now; progress.TimedOut = false; }

        var minReady = d.Spec.MinReadySeconds ?? 0;
        var desired = d.Spec.Replicas ?? 1;
        var (surge, unavailable) = Budget(d, desired);
        var olds = owned.Where(rs => rs != newRs).OrderBy(Revision).ToList();
        var oldTotal = olds.Sum(rs => rs.Spec.Replicas ?? 0);
        var newReplicas = newRs.Spec.Replicas ?? 0;
        if (newReplicas < desired) newReplicas += Math.Clamp(desired + surge - oldTotal - newReplicas, 0, desired - newReplicas);
        newRs.Spec.Replicas = Math.Min(newReplicas, desired);
        SyncPods(newRs, now, minReady);

        var minAvailable = desired - unavailable;
        var newUnavailable = (newRs.Spec.Replicas ?? 0) - Pods(newRs).Count(x => FakePodLifecycle.IsAvailable(x, now, minReady));
        var maxScaledDown = olds.Sum(rs => rs.Spec.Replicas ?? 0) + (newRs.Spec.Replicas ?? 0) - minAvailable - newUnavailable;
        foreach (var old in olds)
        {
            var unhealthy = Pods(old).Count(x => !FakePodLifecycle.IsAvailable(x, now, minReady));
            var cleanup = Math.Clamp(Math.Min(unhealthy, maxScaledDown), 0, old.Spec.Replicas ?? 0);
            old.Spec.Replicas -= cleanup;
            maxScaledDown -= cleanup;
            SyncPods(old, now, minReady);
        }
        var budget = owned.SelectMany(Pods).Count(x => FakePodLifecycle.IsAvailable(x, now, minReady)) - minAvailable;
        foreach (var old in olds)
        {
            var down = Math.Clamp(budget, 0, old.Spec.Replicas ?? 0);
            old.Spec.Replicas -= down;
            budget -= down;
            SyncPods(old, now, minReady);
        }
        CleanUpHistory(d, olds);

        var fingerprint = $"{newRs.Spec.Replicas}/{Pods(newRs).Count(x => FakePodLifecycle.IsAvailable(x, now, minReady))}/{olds.Sum(rs => rs.Spec.Replicas ?? 0)}";
        if (fingerprint != progress.Fingerprint) { progress.Fingerprint = fingerprint; progress.LastProgress = now; }
        WriteStatus(d, newRs, owned, progress, now, desired, unavailable);
    }

    private void WriteStatus(V1Deployment d, V1ReplicaSet newRs, List<V1ReplicaSet> owned, Progress progress, double now, int desired, int maxUnavailable)
    {
        var minReady = d.Spec.MinReadySeconds ?? 0;
        var all = owned.Where(cluster.ReplicaSets.ContainsValue).SelectMany(Pods).ToList();
        var updated = Pods(newRs).Count;
        var available = all.Count(x => FakePodLifecycle.IsAvailable(x, now, minReady));
        var complete = updated == desired && all.Count == desired && available == desired;
        if (!complete && !progress.TimedOut && now - progress.LastProgress > (d.Spec.ProgressDeadlineSeconds ?? 600)) progress.TimedOut = true;
        var (progressing, reason, message) = complete
            ? ("True", "NewReplicaSetAvailable", $"ReplicaSet \"{newRs.Metadata.Name}\" has successfully progressed.")
            : progress.TimedOut
                ? ("False", "ProgressDeadlineExceeded", $"ReplicaSet \"{newRs.Metadata.Name}\" has timed out progressing.")
                : ("True", "ReplicaSetUpdated", $"ReplicaSet \"{newRs.Metadata.Name}\" is progressing.");
        var minimum = available >= desired - maxUnavailable;
        var previous = d.Status?.Conditions ?? [];
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = NullIfZero(all.Count),
            UpdatedReplicas = NullIfZero(updated),
            ReadyReplicas = NullIfZero(all.Count(FakePodLifecycle.IsReady)),
            AvailableReplicas = NullIfZero(available),
            UnavailableReplicas = NullIfZero(Math.Max(0, owned.Sum(rs => rs.Spec.Replicas ?? 0) - available)),
            Conditions =
            [
                Condition(previous, "Available", minimum ? "True" : "False", minimum ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                    minimum ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
                Condition(previous, "Progressing", progressing, reason, message),
            ],
        };
        if (FakeJson.Canonical(status) == FakeJson.Canonical(d.Status)) return;
        d.Status = status;
        d.Metadata.ResourceVersion = cluster.NextResourceVersion();
    }

    private V1DeploymentCondition Condition(IList<V1DeploymentCondition> previous, string type, string status, string reason, string message)
    {
        var old = previous.FirstOrDefault(c => c.Type == type);
        var same = old?.Reason == reason && old.Status == status;
        return new V1DeploymentCondition
        {
            Type = type, Status = status, Reason = reason, Message = message,
            LastUpdateTime = same ? old!.LastUpdateTime : cluster.Clock.Now,
            LastTransitionTime = old?.Status == status ? old.LastTransitionTime : cluster.Clock.Now,
        };
    }

    private void SyncPods(V1ReplicaSet rs, double now, int minReady)
    {
        var pods = Pods(rs).OrderBy(x => FakePodLifecycle.IsReady(x)).ThenByDescending(x => x.CreatedAt).ToList();
        var want = rs.Spec.Replicas ?? 0;
        foreach (var extra in pods.Take(Math.Max(0, pods.Count - want)))
            cluster.Pods.Remove((rs.Metadata.NamespaceProperty, extra.Pod.Metadata.Name));
        for (var i = pods.Count; i < want && rs.Metadata.DeletionTimestamp is null; i++) NewPod(rs, now);
        foreach (var pod in Pods(rs)) FakePodLifecycle.Advance(pod, now, minReady, cluster.NextResourceVersion);
        var current = Pods(rs);
        var status = new V1ReplicaSetStatus
        {
            Replicas = current.Count,
            FullyLabeledReplicas = NullIfZero(current.Count),
            ReadyReplicas = NullIfZero(current.Count(FakePodLifecycle.IsReady)),
            AvailableReplicas = NullIfZero(current.Count(x => FakePodLifecycle.IsAvailable(x, now, minReady))),
            ObservedGeneration = rs.Metadata.Generation,
        };
        if (FakeJson.Canonical(status) == FakeJson.Canonical(rs.Status)) return;
        rs.Status = status;
        rs.Metadata.ResourceVersion = cluster.NextResourceVersion();
    }

    private List<FakePod> Pods(V1ReplicaSet rs) =>
        cluster.Pods.Values.Where(x => x.Pod.Metadata.NamespaceProperty == rs.Metadata.NamespaceProperty &&
                                       x.Pod.Metadata.OwnerReferences?.Any(o => o.Uid == rs.Metadata.Uid) == true).ToList();

    private void NewPod(V1ReplicaSet rs, double now)
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1", Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = $"{rs.Metadata.Name}-{Suffix(Guid.NewGuid().ToString(), 5)}",
                Labels = new Dictionary<string, string>(rs.Spec.Template.Metadata.Labels),
                OwnerReferences = [Owner("ReplicaSet", rs.Metadata)],
            },
            Spec = FakeJson.Clone(rs.Spec.Template.Spec),
        };
        cluster.StampNew(pod.Metadata, rs.Metadata.NamespaceProperty);
        cluster.Pods[(rs.Metadata.NamespaceProperty, pod.Metadata.Name)] = new FakePod(pod, now);
    }

    private V1ReplicaSet NewReplicaSet(V1Deployment d, string hash, long revision)
    {
        var template = FakeJson.Clone(d.Spec.Template);
        template.Metadata.Labels[HashLabel] = hash;
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1", Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}",
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
                OwnerReferences = [Owner("Deployment", d.Metadata)],
                Generation = 1,
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0,
                MinReadySeconds = d.Spec.MinReadySeconds,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(d.Spec.Selector.MatchLabels) { [HashLabel] = hash } },
                Template = template,
            },
        };
        cluster.StampNew(rs.Metadata, d.Metadata.NamespaceProperty);
        SetAnnotations(rs, d, revision);
        cluster.ReplicaSets[(d.Metadata.NamespaceProperty, rs.Metadata.Name)] = rs;
        return rs;
    }

    private void SetAnnotations(V1ReplicaSet rs, V1Deployment d, long revision)
    {
        var annotations = FakeReplicaSetAnnotations.For(rs, d, revision, Budget(d, d.Spec.Replicas ?? 1).Surge);
        if (rs.Metadata.Annotations is not null && FakeJson.Canonical(annotations) == FakeJson.Canonical(rs.Metadata.Annotations)) return;
        rs.Metadata.Annotations = annotations;
        rs.Metadata.ResourceVersion = cluster.NextResourceVersion();
    }

    private void CleanUpHistory(V1Deployment d, List<V1ReplicaSet> olds)
    {
        var idle = olds.Where(rs => rs.Spec.Replicas == 0 && Pods(rs).Count == 0).OrderBy(Revision).ToList();
        foreach (var rs in idle.Take(Math.Max(0, idle.Count - (d.Spec.RevisionHistoryLimit ?? 10))))
            cluster.ReplicaSets.Remove((rs.Metadata.NamespaceProperty, rs.Metadata.Name));
    }

    private static (int Surge, int Unavailable) Budget(V1Deployment d, int desired)
    {
        var rolling = d.Spec.Strategy?.RollingUpdate;
        var surge = Resolve(rolling?.MaxSurge, desired, roundUp: true);
        var unavailable = Resolve(rolling?.MaxUnavailable, desired, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    private static int Resolve(IntOrString? value, int desired, bool roundUp)
    {
        var text = value?.Value ?? "25%";
        if (!text.EndsWith('%')) return int.Parse(text);
        var exact = desired * int.Parse(text.TrimEnd('%')) / 100.0;
        return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
    }

    private static long Revision(V1ReplicaSet rs) =>
        long.TryParse(rs.Metadata.Annotations?.GetValueOrDefault(RevisionKey), out var r) ? r : 0;

    private static V1OwnerReference Owner(string kind, V1ObjectMeta owner) => new()
    {
        ApiVersion = kind == "Deployment" ? "apps/v1" : "apps/v1", Kind = kind, Name = owner.Name, Uid = owner.Uid,
        Controller = true, BlockOwnerDeletion = true,
    };

    private static int? NullIfZero(int value) => value == 0 ? null : value;

    // The alphabet Kubernetes uses for generated names (no vowels, no look-alikes).
    private static string Suffix(string seed, int length)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return new string(bytes.Take(length).Select(b => alphabet[b % alphabet.Length]).ToArray());
    }
}

internal static class FakeDictionaryExtensions
{
    public static TValue? GetValueOrDefault<TKey, TValue>(this IDictionary<TKey, TValue> map, TKey key) =>
        map.TryGetValue(key, out var value) ? value : default;
}
