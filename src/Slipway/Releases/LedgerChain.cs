using System.Text;
using Slipway.Registry;

namespace Slipway.Releases;

/// <summary>Where a ledger's hash chain breaks: the 1-based line number and what was expected there.</summary>
public sealed record LedgerChainBreak(int Line, string Problem);

/// <summary>
/// The tamper-evident chain of a release ledger: every entry's <see cref="LedgerEntry.Previous"/> is the SHA-256 of the line
/// before it exactly as stored (UTF-8, without the newline), or of no bytes for a ledger's first line. Lines written before
/// the chain existed carry no hash and are not checked; from the first line that carries one, every line must, so an edited
/// or deleted line shows at the line after it. (Removing the last lines leaves no trace in the chain itself.)
/// </summary>
public static class LedgerChain
{
    /// <summary>The hash the next entry records after <paramref name="lastLine"/> (null: the ledger is empty).</summary>
    public static string Next(string? lastLine) => Digests.Sha256(Encoding.UTF8.GetBytes(lastLine ?? ""));

    /// <summary>The entry as the line to append after <paramref name="lastLine"/>, carrying that line's hash.</summary>
    public static string Link(LedgerEntry entry, string? lastLine) => (entry with { Previous = Next(lastLine) }).ToJsonLine();

    /// <summary>The last line of a ledger's text (null for an empty one); a trailing newline ends the last line, it starts none.</summary>
    public static string? LastLine(string text)
    {
        var lines = Lines(text);
        return lines.Count == 0 ? null : lines[^1];
    }

    /// <summary>The lines of a ledger's text, without the empty one after a final newline.</summary>
    public static IReadOnlyList<string> Lines(string text)
    {
        var lines = text.Split('\n');
        return text.Length == 0 ? [] : text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The first line where the chain breaks, or null when it holds.</summary>
    public static LedgerChainBreak? Verify(IReadOnlyList<string> lines)
    {
        var chained = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var expected = Next(i == 0 ? null : lines[i - 1]);
            var entry = LedgerEntry.FromJsonLine(lines[i]);
            if (entry?.Previous is null)
            {
                if (!chained) continue; // written before the chain existed
                return new LedgerChainBreak(number, entry is null
                    ? $"it is not a ledger entry; an entry with previous {expected} (the hash of line {number - 1}) was expected"
                    : $"it carries no previous hash, though the chain started earlier; {expected} (the hash of line {number - 1}) was expected");
            }
            if (entry.Previous != expected)
                return new LedgerChainBreak(number, i == 0
                    ? $"its previous hash is {entry.Previous}, but it is the first line ({expected} expected): lines before it were deleted"
                    : $"its previous hash is {entry.Previous}, but line {number - 1} hashes to {expected}: line {number - 1} was changed, " +
                      $"or lines between {number - 1} and {number} were deleted");
            chained = true;
        }
        return null;
    }
}
