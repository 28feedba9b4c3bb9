using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Legacy (unaggregated) discovery: /api, /apis, /api/v1, /apis/apps/v1, listing only the resources the fake serves.
/// kubectl asks for the aggregated form first and falls back to this one when the answer is plain application/json.
/// </summary>
public static class FakeDiscovery
{
    private static readonly string[] ReadOnly = ["get", "list"];
    private static readonly string[] ReadWrite = ["create", "delete", "get", "list", "patch", "update"];

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
    };

    public static JsonObject Groups() => new()
    {
        ["kind"] = "APIGroupList", ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(new JsonObject
        {
            ["name"] = "apps",
            ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" }),
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = "apps/v1", ["version"] = "v1" },
        }),
    };

    public static JsonObject CoreV1() => Resources("v1",
        Resource("events", "event", "Event", namespaced: true, ReadOnly, "ev"),
        Resource("namespaces", "namespace", "Namespace", namespaced: false, ReadWrite, "ns"),
        Resource("nodes", "node", "Node", namespaced: false, ReadOnly, "no"),
        Resource("pods", "pod", "Pod", namespaced: true, ["delete", "get", "list"], "po"),
        Resource("secrets", "secret", "Secret", namespaced: true, ReadWrite, null));

    public static JsonObject AppsV1() => Resources("apps/v1",
        Resource("deployments", "deployment", "Deployment", namespaced: true, ReadWrite, "deploy"),
        FakeScaleSubresource.Discovery(),
        Resource("replicasets", "replicaset", "ReplicaSet", namespaced: true, ["delete", "get", "list"], "rs"));

    private static JsonObject Resources(string groupVersion, params JsonObject[] resources) => new()
    {
        ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = new JsonArray(resources),
    };

    private static JsonObject Resource(string name, string singular, string kind, bool namespaced, string[] verbs, string? shortName) => new()
    {
        ["name"] = name, ["singularName"] = singular, ["namespaced"] = namespaced, ["kind"] = kind,
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
        ["shortNames"] = shortName is null ? new JsonArray() : new JsonArray(shortName),
    };
}
