using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// OpenAPI v3 as kubectl reads it: the index <c>/openapi/v3</c> and one document per group version, from the trimmed
/// files in OpenApi/ (embedded; <c>api__v1.json</c> is <c>api/v1</c>). Their PATCH operations declare
/// <c>fieldValidation</c>, so <c>kubectl --validate=strict</c> leaves validation to the server (<see cref="FakeStrictDecoding"/>).
/// </summary>
public static class FakeOpenApi
{
    private static readonly Dictionary<string, string> Documents = typeof(FakeOpenApi).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("OpenApi/"))
        .ToDictionary(n => n["OpenApi/".Length..^".json".Length].Replace("__", "/"), Read);

    public static IReadOnlyCollection<string> GroupVersions => Documents.Keys;

    public static JsonObject Index() => new()
    {
        ["paths"] = new JsonObject(Documents.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)new JsonObject
        {
            ["serverRelativeURL"] = $"/openapi/v3/{d.Key}?hash={Hash(d.Value)}",
        }))),
    };

    public static JsonNode Document(string groupVersion) => Documents.TryGetValue(groupVersion, out var json)
        ? JsonNode.Parse(json)!
        : throw new FakeApiError(404, "NotFound", $"the server could not find the requested resource (openapi/v3/{groupVersion})");

    private static string Read(string resource)
    {
        using var stream = typeof(FakeOpenApi).Assembly.GetManifestResourceStream(resource)!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static string Hash(string json) => Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(json))).ToUpperInvariant();
}
