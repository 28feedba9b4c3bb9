using System.Text.Json;

namespace Slipway.Registry;

/// <summary>
/// Recognises a registry whose storage is full from its error answer. The CNCF registry answers 500 UNKNOWN "unknown error"
/// and puts the storage driver's failure in the detail: a string (<c>write …/_uploads/…/data: no space left on device</c>) or,
/// when a write fails before any text is made, an object (<c>{"DriverName":"filesystem","Enclosed":{"Op":"write","Path":"…","Err":28}}</c>,
/// errno 28 being ENOSPC).
/// </summary>
internal static class StorageFull
{
    private static readonly Dictionary<int, string> FullErrnos = new()
    {
        [28] = "no space left on device", // ENOSPC
        [122] = "disk quota exceeded", // EDQUOT
    };

    /// <summary>The registry's own words for a full storage, to quote in the message; null when the errors say something else.</summary>
    public static string? Evidence(IReadOnlyList<RegistryError> errors)
    {
        foreach (var error in errors)
        {
            if (SaysFull(error.Message)) return error.Message;
            if (error.Detail is null) continue;
            try
            {
                using var detail = JsonDocument.Parse(error.Detail);
                if (Find(detail.RootElement) is { } found) return found;
            }
            catch (JsonException) { if (SaysFull(error.Detail)) return error.Detail; }
        }
        return null;
    }

    /// <summary>True when <paramref name="response"/> is a registry error saying its storage is full (the body is buffered, so it can be read again).</summary>
    public static async Task<bool> SaysAsync(HttpResponseMessage response)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync();
            return Evidence(RegistryException.ParseErrors(await response.Content.ReadAsStringAsync())) is not null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException) { return false; }
    }

    private static string? Find(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString() is { } text && SaysFull(text) ? text : null;
            case JsonValueKind.Object:
                if (element.TryGetProperty("Err", out var err) && err.TryGetInt32(out var errno) && FullErrnos.TryGetValue(errno, out var meaning))
                    return $"{Text(element, "Op") ?? "write"} {Text(element, "Path") ?? "(no path given)"}: {meaning} (errno {errno})";
                return element.EnumerateObject().Select(p => Find(p.Value)).FirstOrDefault(found => found is not null);
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(Find).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool SaysFull(string text) =>
        FullErrnos.Values.Any(meaning => text.Contains(meaning, StringComparison.OrdinalIgnoreCase));
}
