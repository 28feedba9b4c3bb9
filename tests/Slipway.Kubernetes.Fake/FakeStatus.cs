using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>An API error as the real server sends it: a metav1.Status body with code, reason, message and details.</summary>
public sealed class FakeApiError(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = reason,
        ["details"] = details,
        ["code"] = Code,
    };

    public static FakeApiError NotFound(string resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", Details(resource, name));

    public static FakeApiError AlreadyExists(string resource, string name) =>
        new(409, "AlreadyExists", $"{resource} \"{name}\" already exists", Details(resource, name));

    public static FakeApiError Conflict(string resource, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(resource, name));

    public static FakeApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static FakeApiError Forbidden(string user, string verb, string resource, string group, string? ns, string? name) =>
        new(403, "Forbidden",
            $"{resource}{(group == "" ? "" : "." + group)}{(name is null ? "" : $" \"{name}\"")} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{group}\"" +
            (ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\""),
            new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = resource });

    /// <summary>422 with one cause per invalid field, message built as the real server does: <paramref name="kind"/> is
    /// qualified by its group ("Deployment.apps") in the message, while the details carry kind and group apart (kubectl
    /// prints "The Deployment "a" is invalid").</summary>
    public static FakeApiError Invalid(string kind, string name, IReadOnlyList<(string Field, string Message)> causes)
    {
        var dot = kind.IndexOf('.');
        var details = Details(dot < 0 ? kind : kind[..dot], name);
        if (dot >= 0) details["group"] = kind[(dot + 1)..];
        details["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = c.Message,
            ["field"] = c.Field,
        }).ToArray());
        var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        return new(422, "Invalid", $"{kind} \"{name}\" is invalid: {(causes.Count == 1 ? text : "[" + text + "]")}", details);
    }

    private static JsonObject Details(string kind, string name) => new() { ["name"] = name, ["kind"] = kind };
}
