using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Catalog;

/// <summary>
/// One entry of signing.trustedKeys: a PEM public key file, written as the bare path or as
/// <c>{ "file": ..., "notAfter": ... }</c> when the key's trust ends at a date (a key rotated out on a schedule).
/// </summary>
/// <param name="File">PEM file of the public key, relative to the catalog.</param>
/// <param name="NotAfter">From this instant on the key verifies nothing; null: no end.</param>
[JsonConverter(typeof(TrustedKeySpecConverter))]
public sealed record TrustedKeySpec(string File, DateTimeOffset? NotAfter = null)
{
    /// <summary>A bare path: a key trusted without an end.</summary>
    public static implicit operator TrustedKeySpec(string file) => new(file);
}

/// <summary>Reads a trustedKeys entry as a string or an object (the schema has already checked which fields it has).</summary>
internal sealed class TrustedKeySpecConverter : JsonConverter<TrustedKeySpec>
{
    public override TrustedKeySpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new TrustedKeySpec(reader.GetString()!);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var file = root.TryGetProperty("file", out var f) ? f.GetString() : null;
        DateTimeOffset? notAfter = null;
        if (root.TryGetProperty("notAfter", out var n))
            notAfter = n.ValueKind == JsonValueKind.String && n.TryGetDateTimeOffset(out var end) ? end
                : throw new JsonException($"notAfter {n.GetRawText()} is not an ISO 8601 instant such as 2027-01-31T00:00:00Z");
        return new TrustedKeySpec(file ?? throw new JsonException("a trustedKeys entry needs \"file\""), notAfter);
    }

    public override void Write(Utf8JsonWriter writer, TrustedKeySpec value, JsonSerializerOptions options)
    {
        if (value.NotAfter is not { } notAfter)
        {
            writer.WriteStringValue(value.File);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("file", value.File);
        writer.WriteString("notAfter", notAfter);
        writer.WriteEndObject();
    }
}
