using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Slipway.Catalog;

/// <summary>Turns JsonSchema.Net's keyword errors into <see cref="CatalogProblem"/>s a person can act on.</summary>
internal static partial class SchemaProblemTranslator
{
    /// <summary>Readable problems for every failed keyword in list-format <paramref name="results"/>.</summary>
    public static IReadOnlyList<CatalogProblem> Translate(EvaluationResults results, JsonNode schema, JsonNode instance)
    {
        var navigator = new SchemaNavigator(schema);
        var problems = new List<CatalogProblem>();
        foreach (var node in (results.Details ?? []).Prepend(results))
        {
            if (node.IsValid || node.Errors is null) continue;
            var location = InstanceLocation.Resolve(instance, node.InstanceLocation.ToString());
            var evaluationPath = node.EvaluationPath.ToString();
            var schemaLocation = FragmentOf(node.SchemaLocation.ToString());
            foreach (var (keyword, message) in node.Errors)
                problems.AddRange(Describe(keyword, message, location, evaluationPath, schemaLocation, navigator));
        }
        return problems.Distinct().ToList();
    }

    // The schema location's fragment is a plain pointer to the subschema holding the failed keyword. (The evaluation path
    // is not walkable: JsonSchema.Net 8 reports array items as ".../items/items/$ref".)
    private static IEnumerable<CatalogProblem> Describe(
        string keyword, string libraryMessage, InstanceLocation at, string evaluationPath, string schemaLocation, SchemaNavigator schema)
    {
        if (evaluationPath.Contains("/propertyNames", StringComparison.Ordinal))
        {
            yield return InvalidName(at, schema.Find(schemaLocation));
            yield break;
        }
        var rule = schema.Find(schemaLocation);
        var additionalProperties = schemaLocation.LastIndexOf("/additionalProperties", StringComparison.Ordinal);
        switch (keyword)
        {
            // A false subschema: additionalProperties rejected the field. Its location carries an extra trailing segment.
            case "" when additionalProperties >= 0:
                yield return UnknownField(at, schema.DeclaredProperties(schema.Find(schemaLocation[..additionalProperties])));
                break;
            case "required":
                foreach (var missing in MissingRequired(rule, at.Node))
                    yield return new CatalogProblem(
                        CatalogPath.Append(at.Path, missing),
                        $"missing required field '{missing}'",
                        $"add \"{missing}\"{DescribeFix(schema.DescriptionOf(rule?["properties"]?[missing]))}");
                break;
            case "type":
                yield return new CatalogProblem(at.Path,
                    $"wrong type: '{at.Name}' is {KindOf(at.Node)}{(at.Node is null ? "" : " " + Show(at.Node))}",
                    $"make it {ExpectedType(rule?["type"])}");
                break;
            case "enum":
                yield return new CatalogProblem(at.Path,
                    $"{Show(at.Node)} is not a valid '{at.Name}'",
                    $"use one of: {string.Join(", ", (rule?["enum"] as JsonArray ?? []).Select(v => v?.ToString()))}");
                break;
            case "pattern":
                yield return new CatalogProblem(at.Path,
                    $"invalid '{at.Name}' {Show(at.Node)}",
                    $"use {LowerFirst(schema.DescriptionOf(rule) ?? $"a value matching {rule?["pattern"]}")}");
                break;
            case "minimum" or "maximum":
                yield return new CatalogProblem(at.Path,
                    $"'{at.Name}' {Show(at.Node)} is out of range",
                    $"use a number {RangeOf(rule)}");
                break;
            case "minLength" or "minProperties":
                yield return new CatalogProblem(at.Path, $"'{at.Name}' is empty", $"give it a value: {schema.DescriptionOf(rule)}");
                break;
            case "maxLength":
                yield return new CatalogProblem(at.Path, $"'{at.Name}' is too long", $"shorten it to at most {rule?["maxLength"]} characters");
                break;
            default:
                yield return new CatalogProblem(at.Path, $"{libraryMessage} ({keyword})", "see services.schema.json for the expected shape");
                break;
        }
    }

    private static string FragmentOf(string uri)
    {
        var hash = uri.IndexOf('#');
        return hash < 0 ? "" : Uri.UnescapeDataString(uri[(hash + 1)..]);
    }

    private static CatalogProblem UnknownField(InstanceLocation at, IReadOnlyList<string> known)
    {
        if (at.Path.StartsWith("$.registries", StringComparison.Ordinal) && SecretLike().IsMatch(at.Name))
            return new CatalogProblem(at.Path,
                $"inline secret '{at.Name}': secrets are never inline; reference an environment variable with passwordEnv or a file with passwordFile",
                $"remove '{at.Name}' and set credentials.passwordEnv (or credentials.passwordFile) instead");
        var closest = known.MinBy(k => EditDistance.Between(k, at.Name));
        var suggestion = closest is not null && EditDistance.Between(closest, at.Name) <= 2 ? $"did you mean '{closest}'? " : "";
        return new CatalogProblem(at.Path,
            $"unknown field '{at.Name}'",
            $"remove it or check the spelling ({suggestion}known fields: {string.Join(", ", known)})");
    }

    private static CatalogProblem InvalidName(InstanceLocation at, JsonNode? rule) =>
        new(at.Path,
            $"invalid name '{at.Name}'",
            $"rename it to {LowerFirst((string?)rule?["description"] ?? "a valid name")}");

    private static IEnumerable<string> MissingRequired(JsonNode? rule, JsonNode? instance) =>
        (rule?["required"] as JsonArray ?? [])
            .Select(n => n!.GetValue<string>())
            .Where(name => instance is not JsonObject obj || !obj.ContainsKey(name));

    private static string RangeOf(JsonNode? rule) => (rule?["minimum"], rule?["maximum"]) switch
    {
        ({ } min, { } max) => $"from {min} to {max}",
        ({ } min, null) => $"of at least {min}",
        (null, { } max) => $"of at most {max}",
        _ => "in range",
    };

    private static string ExpectedType(JsonNode? type) => (string?)type switch
    {
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "a string (in double quotes)",
        "boolean" => "true or false",
        "object" => "an object { ... }",
        "array" => "an array [ ... ]",
        var other => $"of type {other}",
    };

    private static string KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        var kind => kind.ToString() ?? "",
    };

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..57] + "..." : text;
    }

    private static string DescribeFix(string? description) => description is null ? "" : $" ({LowerFirst(description.TrimEnd('.'))})";

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    [GeneratedRegex("password|passwd|token|secret", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLike();
}
