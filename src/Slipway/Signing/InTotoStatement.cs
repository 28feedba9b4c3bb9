using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>An in-toto statement about one image: its subject (repository and manifest digest) and a typed predicate.</summary>
public static class InTotoStatement
{
    /// <summary>The statement type cosign attest writes.</summary>
    public const string Type = "https://in-toto.io/Statement/v0.1";

    /// <summary>The statement bytes.</summary>
    public static byte[] Create(string subject, Digest digest, string predicateType, JsonNode predicate) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["_type"] = Type,
        ["predicateType"] = predicateType,
        ["subject"] = new JsonArray(new JsonObject
        {
            ["name"] = subject,
            ["digest"] = new JsonObject { [digest.Value.Split(':')[0]] = digest.Value.Split(':')[1] },
        }),
        ["predicate"] = predicate.DeepClone(),
    }.ToJsonString());

    /// <summary>The predicate type, subject digest and predicate of statement bytes.</summary>
    public static (string PredicateType, string SubjectDigest, JsonNode Predicate) Read(byte[] statement, string source)
    {
        try
        {
            var root = JsonNode.Parse(statement)!.AsObject();
            var digest = root["subject"]![0]!["digest"]!.AsObject().Single();
            return (root["predicateType"]!.GetValue<string>(), $"{digest.Key}:{digest.Value!.GetValue<string>()}", root["predicate"]!);
        }
        catch (Exception ex) when (ex is JsonException or NullReferenceException or InvalidOperationException)
        {
            throw new SlipwayException($"{source} is not an in-toto statement about one image: {ex.Message}", ex);
        }
    }
}
