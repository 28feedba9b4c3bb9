using System.Globalization;
using System.Text.Json;

namespace Slipway.Catalog;

/// <summary>
/// One entry of an environment's <c>waves</c>: how many of its targets (docker hosts, static-pod nodes) run the new image
/// once this wave is done, as a count (<c>1</c>) or a percentage (<c>"25%"</c>, rounded up, at least one target).
/// </summary>
public sealed record WaveStep(int? Count, int? Percent)
{
    /// <summary>The entry as the catalog spells it.</summary>
    public override string ToString() => Count is { } count ? count.ToString(CultureInfo.InvariantCulture) : $"\"{Percent}%\"";

    /// <summary>The targets covered once this wave is done, out of <paramref name="total"/>.</summary>
    public int CumulativeOf(int total) => Count ?? Math.Max(1, (int)Math.Ceiling(Percent!.Value * total / 100.0));

    /// <summary>Reads one entry; null and the problem when it is neither a count of at least 1 nor a percentage from 1% to 100%.</summary>
    public static WaveStep? TryParse(JsonElement entry, out string? problem)
    {
        problem = null;
        if (entry.ValueKind == JsonValueKind.Number && entry.TryGetInt32(out var count) && count >= 1) return new WaveStep(count, null);
        if (entry.ValueKind == JsonValueKind.String && entry.GetString() is { } text && text.EndsWith('%') &&
            int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent is >= 1 and <= 100)
            return new WaveStep(null, percent);
        problem = $"wave entry {entry.GetRawText()} is neither a host count of at least 1 nor a percentage from \"1%\" to \"100%\"";
        return null;
    }
}
