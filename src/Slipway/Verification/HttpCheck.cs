using System.Text.Json;
using Slipway.Catalog;

namespace Slipway.Verification;

/// <summary>Judges one answer to an HTTP check: status, latency, body text, then the JSON value, the first mismatch wins.</summary>
public static class HttpCheck
{
    /// <summary>How messages name the check, e.g. <c>http[0] GET /</c>.</summary>
    public static string Name(HttpCheckSpec check, int index) => $"http[{index}] GET {check.Path}";

    /// <summary>Null when the answer passes, else what was seen and what was expected.</summary>
    public static (string Saw, string Expected)? Judge(HttpCheckSpec check, int status, string body, TimeSpan latency)
    {
        if (status != check.Status) return ($"HTTP {status}{BodyHint(body)}", $"HTTP {check.Status}");
        if (check.MaxLatencyMs is { } max && latency.TotalMilliseconds > max)
            return ($"an answer after {latency.TotalMilliseconds:0} ms", $"at most {max} ms");
        if (check.BodyContains is { } text && !body.Contains(text, StringComparison.Ordinal))
            return ($"a body without it{BodyHint(body)}", $"the body to contain \"{text}\"");
        if (check.JsonPath is null) return null;
        var query = JsonPathQuery.TryParse(check.JsonPath, out _)!; // the catalog refused the ones that cannot parse
        JsonElement? value;
        try
        {
            using var document = JsonDocument.Parse(body);
            value = query.Select(document.RootElement)?.Clone();
        }
        catch (JsonException) { return ($"a body that is not JSON{BodyHint(body)}", $"JSON with {check.JsonPath}"); }
        if (value is null) return ($"no {check.JsonPath} in the body{BodyHint(body)}", check.EqualsValue is { } e ? $"{check.JsonPath} = {JsonPathQuery.Show(e)}" : $"{check.JsonPath} present");
        if (check.EqualsValue is { } expected && JsonPathQuery.Show(value.Value) != JsonPathQuery.Show(expected))
            return ($"{check.JsonPath} = {JsonPathQuery.Show(value.Value)}", $"{check.JsonPath} = {JsonPathQuery.Show(expected)}");
        return null;
    }

    private static string BodyHint(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        if (flat.Length == 0) return "";
        return $" (body: {(flat.Length > 120 ? flat[..120] + "…" : flat)})";
    }
}
