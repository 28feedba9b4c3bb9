using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// <c>fieldValidation=Strict</c> (what <c>kubectl --validate=strict</c> sends, as the OpenAPI says the server supports it):
/// a field the API type does not have is a 400. The type is KubernetesClient's model, generated from the real API,
/// so "unknown" means what it means on a cluster: a field lost in a round trip through the model.
/// </summary>
public static class FakeStrictDecoding
{
    /// <summary>Throws 400 when the request asks for strict validation and <paramref name="parsed"/> lost a field of the body.</summary>
    public static void Check(FakeRequest request, object parsed, string kind, string? ns, string name, bool apply)
    {
        if (request["fieldValidation"] != "Strict") return;
        var sent = request.Body.TrimStart().StartsWith('{') ? request.JsonBody() : FakeYaml.ToJson(request.Body);
        var understood = FakeJson.ToNode(parsed);
        var unknown = Unknown(sent, understood, "").ToList();
        if (unknown.Count == 0) return;
        throw FakeApiError.BadRequest(apply
            ? $"failed to create typed patch object ({(ns is null ? "" : ns + "/")}{name}; {Group(kind)}, Kind={kind}): {string.Join(", ", unknown.Select(f => "." + f + ": field not declared in schema"))}"
            : $"{kind} in version \"v1\" cannot be handled as a {kind}: strict decoding error: {string.Join(", ", unknown.Select(f => $"unknown field \"{f}\""))}");
    }

    private static string Group(string kind) => kind is "Deployment" or "ReplicaSet" ? "apps/v1" : "/v1";

    private static IEnumerable<string> Unknown(JsonNode? sent, JsonNode? understood, string path)
    {
        switch (sent)
        {
            case JsonObject fields:
                foreach (var (key, value) in fields)
                {
                    if (value is null) continue; // e.g. creationTimestamp: null, which kubectl sends
                    var at = path == "" ? key : $"{path}.{key}";
                    if (understood is not JsonObject known || !known.ContainsKey(key)) yield return at;
                    else foreach (var inner in Unknown(value, known[key], at)) yield return inner;
                }
                break;
            case JsonArray items when understood is JsonArray knownItems:
                for (var i = 0; i < items.Count && i < knownItems.Count; i++)
                    foreach (var inner in Unknown(items[i], knownItems[i], $"{path}[{i}]")) yield return inner;
                break;
        }
    }
}
