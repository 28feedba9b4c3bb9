using System.Text.Json;
using Slipway.Diagnostics;

namespace Slipway.Trigger;

/// <summary>
/// Reads the body of <c>POST /runs</c> into a <see cref="RunRequest"/>: at most <see cref="RunRequestLimits.BodyBytes"/>
/// bytes, and no field it does not know (a typo such as "branche" must not be ignored silently).
/// </summary>
public sealed class RunRequestReader(JsonSerializerOptions json)
{
    private readonly IReadOnlyList<string> _fields = json.GetTypeInfo(typeof(RunRequest)).Properties.Select(p => p.Name).ToList();

    /// <summary>The fields a request may have, as the JSON names them.</summary>
    public string Fields => string.Join(", ", _fields);

    /// <summary>
    /// The request, or null for a JSON null. Throws <see cref="TooLargeException"/> for a body over the limit,
    /// <see cref="JsonException"/> for malformed JSON and <see cref="SlipwayException"/> for a body that is not a run request.
    /// </summary>
    /// <param name="declaredLength">The Content-Length header, when the client sent one.</param>
    public async Task<RunRequest?> ReadAsync(Stream body, long? declaredLength, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(await ReadBoundedAsync(body, declaredLength, ct));
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Null) return null;
        if (root.ValueKind != JsonValueKind.Object)
            throw SlipwayException.Input("request body", $"it is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object",
                $"send a JSON object with the fields {Fields}");
        var unknown = root.EnumerateObject().Select(p => p.Name)
            .Where(name => !_fields.Contains(name, StringComparer.OrdinalIgnoreCase))
            .Distinct().ToList();
        if (unknown.Count > 0)
            throw SlipwayException.Input("request body",
                $"unknown field{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(n => $"'{Printable(n)}'"))}",
                $"use only {Fields}");
        return root.Deserialize<RunRequest>(json);
    }

    /// <summary>
    /// The body, refused as soon as it is known to be too large. The rest of a refused body is left to Kestrel, which
    /// reads and discards it after the response (up to its own 30 MB limit), so that clients that send the whole body
    /// before reading the answer still get the 413.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream body, long? declaredLength, CancellationToken ct)
    {
        if (declaredLength > RunRequestLimits.BodyBytes) throw new TooLargeException();
        var buffer = new byte[RunRequestLimits.BodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
            total += read;
        if (total > RunRequestLimits.BodyBytes) throw new TooLargeException();
        return buffer.AsMemory(0, total);
    }

    /// <summary>A field name as an error message may quote it: at most 64 characters, no control characters.</summary>
    private static string Printable(string name)
    {
        var clean = new string(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= 64 ? clean : clean[..64] + "...";
    }

    /// <summary>The body is larger than <see cref="RunRequestLimits.BodyBytes"/>.</summary>
    public sealed class TooLargeException() : Exception($"the request body is larger than {RunRequestLimits.BodyBytes} bytes");
}
