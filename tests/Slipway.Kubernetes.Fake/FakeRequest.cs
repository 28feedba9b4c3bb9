using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>One API request as the fake sees it: verb, path segments, query, media type (charset stripped) and body.</summary>
public sealed record FakeRequest(string Method, string[] Segments, IQueryCollection Query, string? MediaType, string Body)
{
    public static async Task<FakeRequest> ReadAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        // KubernetesClient sends e.g. "application/apply-patch+yaml; charset=utf-8": match on the media type only.
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var body = mediaType == FakeProtobuf.MediaType && buffer.Length > 0 ? FakeProtobuf.ToJson(buffer.ToArray()) : Encoding.UTF8.GetString(buffer.ToArray());
        if (mediaType == FakeProtobuf.MediaType) mediaType = "application/json";
        var segments = http.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new FakeRequest(http.Request.Method, segments, http.Request.Query, mediaType, body) { UserAgent = http.Request.Headers.UserAgent.ToString() };
    }

    public string UserAgent { get; init; } = "";

    /// <summary>The manager a write is recorded under: <c>fieldManager</c>, else the User-Agent up to its first '/', as the real server does.</summary>
    public string FieldManager => this["fieldManager"] is { Length: > 0 } manager ? manager : UserAgent.Split('/')[0] is { Length: > 0 } agent ? agent : "unknown";

    /// <summary>An apply's <c>force=true</c>.</summary>
    public bool Force => this["force"] == "true";

    public string? this[string query] => Query.TryGetValue(query, out var v) ? v.ToString() : null;

    public JsonNode JsonBody() =>
        JsonNode.Parse(Body) ?? throw FakeApiError.BadRequest("empty body");

    /// <summary>The RBAC verb: get/list by whether a name is on the path, create, update, patch, delete.</summary>
    public string Verb(bool named) => Method switch
    {
        "GET" => named ? "get" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => Method.ToLowerInvariant(),
    };
}
