namespace Slipway.Processes;

/// <summary>Replaces secret values with <c>***</c> before text reaches a log or an error message.</summary>
public static class Redactor
{
    /// <summary>The replacement text for a secret.</summary>
    public const string Mask = "***";

    /// <summary>Returns <paramref name="text"/> with every occurrence of each non-empty secret replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string text, IEnumerable<string>? secrets)
    {
        if (secrets is null) return text;
        // Longest first, so a secret containing another one is masked whole.
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).OrderByDescending(s => s.Length))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
