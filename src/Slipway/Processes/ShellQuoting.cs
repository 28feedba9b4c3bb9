using System.Text;

namespace Slipway.Processes;

/// <summary>POSIX (sh/bash) quoting, so a rendered command can be pasted into a terminal unchanged.</summary>
public static class ShellQuoting
{
    /// <summary>
    /// Quotes one word: left bare when it only holds characters that no POSIX shell interprets,
    /// otherwise wrapped in single quotes (an embedded <c>'</c> becomes <c>'\''</c>). Empty becomes <c>''</c>.
    /// </summary>
    public static string Quote(string word)
    {
        if (word.Length == 0) return "''";
        if (word.All(IsSafe)) return word;
        var sb = new StringBuilder(word.Length + 2).Append('\'');
        foreach (var c in word)
        {
            if (c == '\'') sb.Append("'\\''");
            else sb.Append(c);
        }
        return sb.Append('\'').ToString();
    }

    private static bool IsSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '_' or '.' or '/' or ':' or ',' or '+' or '@' or '%' or '=';
}
