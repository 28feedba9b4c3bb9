using System.Text.Json;

namespace Slipway.Engine.Parameters;

/// <summary>Reads a <c>.nuke/parameters*.json</c> file into raw values keyed as written (PascalCase or kebab-case).</summary>
internal static class ParameterFile
{
    public static Dictionary<string, RawValue> Read(string path, ParameterSource source)
    {
        var origin = Path.GetFileName(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException e)
        {
            throw new BuildConfigurationException($"{path} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildConfigurationException($"{path} must contain a JSON object of parameter values.");

            var values = new Dictionary<string, RawValue>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "$schema" || property.Value.ValueKind == JsonValueKind.Null)
                    continue;
                values[property.Name] = new RawValue(ToWords(property.Value), source, $"{origin} key '{property.Name}'");
            }
            return values;
        }
    }

    private static IReadOnlyList<string> ToWords(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(ToWords).ToList(),
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Null => [],
        _ => [element.GetRawText()],
    };
}
