using System.Text.Json;
using System.Text.RegularExpressions;

namespace Slipway.Catalog;

/// <summary>
/// The JSONPath subset verification checks use (no JSONPath package is served here): <c>$</c> followed by member names
/// (<c>.name</c> or <c>['name']</c>) and array indexes (<c>[0]</c>), each step selecting exactly one value, e.g.
/// <c>$.status.checks[0].name</c>. Wildcards, filters, slices and recursive descent are refused when the catalog loads.
/// </summary>
public sealed partial class JsonPathQuery
{
    private readonly IReadOnlyList<object> _steps; // string: member, int: index

    private JsonPathQuery(string text, IReadOnlyList<object> steps) { Text = text; _steps = steps; }

    public string Text { get; }

    /// <summary>The query, or null with <paramref name="problem"/> saying what in <paramref name="text"/> cannot match anything.</summary>
    public static JsonPathQuery? TryParse(string text, out string? problem)
    {
        problem = null;
        if (!text.StartsWith('$')) { problem = $"JSONPath '{text}' does not start at the root '$'"; return null; }
        var steps = new List<object>();
        var rest = text[1..];
        while (rest.Length > 0)
        {
            var match = Step().Match(rest);
            if (!match.Success)
            {
                problem = $"JSONPath '{text}' cannot be read at '{rest}': only .name, ['name'] and [index] steps are supported";
                return null;
            }
            if (match.Groups["member"].Success) steps.Add(match.Groups["member"].Value);
            else if (match.Groups["quoted"].Success) steps.Add(match.Groups["quoted"].Value);
            else steps.Add(int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture));
            rest = rest[match.Length..];
        }
        if (steps.Count == 0) { problem = $"JSONPath '{text}' selects the whole body, not a value in it"; return null; }
        return new JsonPathQuery(text, steps);
    }

    /// <summary>The one value the path selects in <paramref name="root"/>, or null when the document has none there.</summary>
    public JsonElement? Select(JsonElement root)
    {
        var current = root;
        foreach (var step in _steps)
        {
            if (step is string member)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(member, out current)) return null;
            }
            else
            {
                var index = (int)step;
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength()) return null;
                current = current[index];
            }
        }
        return current;
    }

    /// <summary>A JSON value as a check shows and compares it: strings unquoted, everything else as its JSON text.</summary>
    public static string Show(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    [GeneratedRegex(@"^(?:\.(?<member>[A-Za-z_][A-Za-z0-9_-]*)|\['(?<quoted>[^'\]]+)'\]|\[(?<index>[0-9]+)\])")]
    private static partial Regex Step();
}
