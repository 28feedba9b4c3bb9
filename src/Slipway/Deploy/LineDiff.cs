namespace Slipway.Deploy;

/// <summary>A minimal line diff (longest common subsequence) for dry-run reviews: "  " same, "- " now, "+ " would be.</summary>
public static class LineDiff
{
    /// <summary>Every line of both sides, marked; empty when the sides are equal.</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyList<string> current, IReadOnlyList<string> desired)
    {
        if (current.SequenceEqual(desired)) return [];
        var lcs = new int[current.Count + 1, desired.Count + 1];
        for (var i = current.Count - 1; i >= 0; i--)
        for (var j = desired.Count - 1; j >= 0; j--)
            lcs[i, j] = current[i] == desired[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var lines = new List<string>();
        int a = 0, b = 0;
        while (a < current.Count || b < desired.Count)
        {
            if (a < current.Count && b < desired.Count && current[a] == desired[b]) { lines.Add("  " + current[a]); a++; b++; }
            else if (b < desired.Count && (a == current.Count || lcs[a, b + 1] >= lcs[a + 1, b])) lines.Add("+ " + desired[b++]);
            else lines.Add("- " + current[a++]);
        }
        return lines;
    }

    /// <summary>Splits text into lines without a trailing empty line.</summary>
    public static IReadOnlyList<string> Lines(string text) =>
        text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
}
