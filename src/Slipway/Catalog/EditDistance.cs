namespace Slipway.Catalog;

/// <summary>Levenshtein distance, for "did you mean" suggestions on misspelled field names.</summary>
internal static class EditDistance
{
    /// <summary>Number of single-character edits turning <paramref name="a"/> into <paramref name="b"/> (case-insensitive).</summary>
    public static int Between(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
