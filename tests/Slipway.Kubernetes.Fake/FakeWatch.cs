using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// <c>?watch=1</c> on a list path: a stream of <c>{"type":..,"object":..}</c> lines. Objects are compared by
/// resourceVersion every poll (every write bumps it), so changes made by the API and by the controller both show.
/// Without a resourceVersion (or with 0) the stream starts with ADDED for what exists; with one, it starts with the
/// objects changed since (as MODIFIED). <c>sendInitialEvents=true</c> ends the initial events with the BOOKMARK
/// kubectl's watch-list waits for. Ends at <c>timeoutSeconds</c>, when the client goes, or when the server stops.
/// </summary>
public static class FakeWatch
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task StreamAsync(HttpContext http, FakeRequest request, FakeCluster cluster, FakeWatchSource source,
        CancellationToken serverStopping)
    {
        var fieldSelector = request["fieldSelector"];
        IKubernetesObject<V1ObjectMeta>[] Read()
        {
            lock (cluster.Gate) return source.Snapshot().Where(o => FakeFieldSelector.Matches(o, fieldSelector)).ToArray();
        }
        var first = Read(); // before any byte is written, so a bad selector is still a 400
        var since = long.TryParse(request["resourceVersion"], out var rv) ? rv : 0;
        var deletedSince = since == 0 ? [] : DeletedSince(request, cluster, source, since, first);
        var timeout = int.TryParse(request["timeoutSeconds"], out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, serverStopping);
        stop.CancelAfter(timeout);

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        // Headers now, as a real server sends them, not with the first event (kubectl's request timeout counts until then).
        await http.Response.StartAsync();
        await http.Response.Body.FlushAsync();
        var known = new Dictionary<string, (string Version, IKubernetesObject<V1ObjectMeta> Object)>();
        try
        {
            foreach (var o in first)
            {
                if (long.Parse(o.Metadata.ResourceVersion) > since)
                    await SendAsync(http, since == 0 ? "ADDED" : "MODIFIED", o, stop.Token);
                known[Key(o)] = (o.Metadata.ResourceVersion, o);
            }
            foreach (var gone in deletedSince) await SendAsync(http, "DELETED", gone, stop.Token);
            if (request["sendInitialEvents"] == "true") await SendBookmarkAsync(http, cluster, source, stop.Token);
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(Poll, stop.Token);
                var now = Read().ToDictionary(Key);
                foreach (var (key, o) in now)
                    if (!known.TryGetValue(key, out var seen)) await SendAsync(http, "ADDED", o, stop.Token);
                    else if (seen.Version != o.Metadata.ResourceVersion) await SendAsync(http, "MODIFIED", o, stop.Token);
                foreach (var (key, gone) in known.Where(k => !now.ContainsKey(k.Key)).ToList())
                    await SendAsync(http, "DELETED", gone.Object, stop.Token);
                known = now.ToDictionary(kv => kv.Key, kv => (kv.Value.Metadata.ResourceVersion, kv.Value));
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>This watch's objects deleted after <paramref name="since"/> and not there now (a cluster's watch replays those).</summary>
    private static List<IKubernetesObject<V1ObjectMeta>> DeletedSince(FakeRequest request, FakeCluster cluster, FakeWatchSource source,
        long since, IKubernetesObject<V1ObjectMeta>[] present)
    {
        var at = Array.IndexOf(request.Segments, "namespaces");
        var ns = at >= 0 && at + 2 < request.Segments.Length ? request.Segments[at + 1] : null;
        var there = present.Select(Key).ToHashSet();
        lock (cluster.Gate)
        {
            cluster.Deletions.Observe();
            return cluster.Deletions.DeletedSince(source.Kind, since)
                .Where(o => (ns is null || o.Metadata.NamespaceProperty == ns) && !there.Contains(Key(o)) &&
                            FakeLabels.Matches(o.Metadata.Labels, request["labelSelector"]) && FakeFieldSelector.Matches(o, request["fieldSelector"]))
                .ToList();
        }
    }

    private static string Key(IKubernetesObject<V1ObjectMeta> o) => $"{o.Metadata.NamespaceProperty}/{o.Metadata.Name}";

    private static async Task SendAsync(HttpContext http, string type, IKubernetesObject<V1ObjectMeta> o, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = FakeJson.ToNode(o) }.ToJsonString() + "\n";
        await http.Response.WriteAsync(line, ct);
        await http.Response.Body.FlushAsync(ct);
    }

    private static Task SendBookmarkAsync(HttpContext http, FakeCluster cluster, FakeWatchSource source, CancellationToken ct)
    {
        string version;
        lock (cluster.Gate) version = cluster.NextResourceVersion();
        var line = new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject
            {
                ["apiVersion"] = source.ApiVersion,
                ["kind"] = source.Kind,
                ["metadata"] = new JsonObject
                {
                    ["resourceVersion"] = version,
                    ["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" },
                },
            },
        }.ToJsonString() + "\n";
        return http.Response.WriteAsync(line, ct);
    }
}

/// <summary>What a watch follows: the kind (for bookmarks) and its objects now, read holding the cluster gate.</summary>
public sealed record FakeWatchSource(string ApiVersion, string Kind, Func<IEnumerable<IKubernetesObject<V1ObjectMeta>>> Snapshot);
