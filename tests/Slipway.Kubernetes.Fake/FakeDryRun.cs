namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// <c>dryRun=All</c> on a write: the request runs through every rule (defaulting, validation, apply conflicts, managed
/// fields) and answers what would be stored, and the cluster is put back as it was before anything is seen (the caller
/// holds the gate, so no watch or controller sees the interim state).
/// </summary>
public static class FakeDryRun
{
    /// <summary>Whether the request asks for a dry run; any value other than All is a 400, as on a real server.</summary>
    public static bool Requested(FakeRequest request) => request["dryRun"] switch
    {
        null or "" => false,
        "All" => true,
        var other => throw FakeApiError.BadRequest($"Invalid dry run value: dryRun: Unsupported value: \"{other}\": supported values: \"All\""),
    };

    /// <summary>Runs <paramref name="write"/> and restores every object it could have written.</summary>
    public static T Run<T>(FakeCluster cluster, Func<T> write)
    {
        // Stores replace objects rather than edit them, but the copies keep an in-place edit from leaking too.
        var namespaces = cluster.Namespaces.ToDictionary(kv => kv.Key, kv => FakeJson.Clone(kv.Value));
        var deployments = cluster.Deployments.ToDictionary(kv => kv.Key, kv => FakeJson.Clone(kv.Value));
        var replicaSets = cluster.ReplicaSets.ToDictionary(kv => kv.Key, kv => FakeJson.Clone(kv.Value));
        var pods = cluster.Pods.ToDictionary();
        var secrets = cluster.Secrets.ToDictionary(kv => kv.Key, kv => FakeJson.Clone(kv.Value));
        try
        {
            return write();
        }
        finally
        {
            Restore(cluster.Namespaces, namespaces);
            Restore(cluster.Deployments, deployments);
            Restore(cluster.ReplicaSets, replicaSets);
            Restore(cluster.Pods, pods);
            Restore(cluster.Secrets, secrets);
        }
    }

    private static void Restore<TKey, TValue>(Dictionary<TKey, TValue> live, Dictionary<TKey, TValue> saved) where TKey : notnull
    {
        live.Clear();
        foreach (var (key, value) in saved) live[key] = value;
    }
}
