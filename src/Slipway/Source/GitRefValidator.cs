using System.Diagnostics.CodeAnalysis;
using Slipway.Diagnostics;

namespace Slipway.Source;

/// <summary>
/// Validates user-supplied git branch names and commit ids before they reach any git command.
/// Branch rules follow <c>git check-ref-format --branch</c> (plus: not <c>@</c>, not <c>HEAD</c>);
/// a commit is 7-40 hex digits (SHA-1 or a prefix) or exactly 64 (SHA-256).
/// Stricter than git on purpose: shell metacharacters (<c>$ ` ; | &amp; &lt; &gt; ' "</c>) are refused too, because a branch
/// name travels on into image tags, commit messages, logs and CI scripts where a <c>$(...)</c> could be run.
/// </summary>
public static class GitRefValidator
{
    /// <summary>Characters git allows in a branch name that a shell would interpret.</summary>
    public const string ShellMetacharacters = "$`;|&<>'\"";

    private const string BranchFix = "use a branch name as git shows it (git branch -a), e.g. develop or feature/JIRA-12";

    /// <summary>Returns <paramref name="branch"/> when valid; otherwise throws a <see cref="SlipwayException"/> naming <paramref name="inputName"/>.</summary>
    public static string ValidateBranch(string? branch, string inputName = "--branch")
    {
        if (TryGetBranchProblem(branch, out var problem))
            throw SlipwayException.Input(inputName, $"'{Printable(branch)}' is not a valid git branch name: {problem}", BranchFix);
        return branch!;
    }

    /// <summary>True when <paramref name="branch"/> is a valid branch name.</summary>
    public static bool IsValidBranch(string? branch) => !TryGetBranchProblem(branch, out _);

    /// <summary>Returns the commit id in lower case when valid; otherwise throws a <see cref="SlipwayException"/> naming <paramref name="inputName"/>.</summary>
    public static string ValidateCommit(string? commit, string inputName = "--commit")
    {
        if (!IsValidCommit(commit))
            throw SlipwayException.Input(inputName,
                $"'{Printable(commit)}' is not a commit id: expected 7 to 40 hexadecimal digits (or 64 for a SHA-256 repository)",
                "pass the commit hash as git log shows it, e.g. 3f9c2ab or the full 40-digit sha");
        return commit!.ToLowerInvariant();
    }

    /// <summary>True when <paramref name="commit"/> is 7-40 or 64 hex digits.</summary>
    public static bool IsValidCommit([NotNullWhen(true)] string? commit) =>
        commit is not null
        && (commit.Length is >= 7 and <= 40 || commit.Length == 64)
        && commit.All(char.IsAsciiHexDigit);

    /// <summary>Returns true and the problem when <paramref name="branch"/> is not a valid branch name.</summary>
    public static bool TryGetBranchProblem(string? branch, [NotNullWhen(true)] out string? problem)
    {
        problem = Check(branch);
        return problem is not null;
    }

    private static string? Check(string? b)
    {
        if (string.IsNullOrEmpty(b)) return "it is empty";
        if (b[0] == '-') return "it starts with '-' (it would be read as an option)";
        if (b == "@") return "'@' alone is not a branch name";
        if (b == "HEAD") return "'HEAD' is not a branch name";
        foreach (var c in b)
        {
            if (c < 0x20 || c == 0x7f) return "it contains a control character";
            if (c == ' ') return "it contains a space";
            if ("~^:?*[\\".Contains(c)) return $"it contains '{c}'";
            if (ShellMetacharacters.Contains(c)) return $"it contains the shell metacharacter '{c}'";
        }
        if (b.Contains("..")) return "it contains '..'";
        if (b.Contains("@{")) return "it contains '@{'";
        if (b.Contains("//")) return "it contains '//'";
        if (b[0] == '/') return "it starts with '/'";
        if (b[^1] == '/') return "it ends with '/'";
        if (b[^1] == '.') return "it ends with '.'";
        foreach (var component in b.Split('/'))
        {
            if (component.StartsWith('.')) return $"the part '{component}' starts with '.'";
            if (component.EndsWith(".lock", StringComparison.Ordinal)) return $"the part '{component}' ends with '.lock'";
        }
        return null;
    }

    /// <summary>Renders control characters visibly so the error message stays one readable line.</summary>
    private static string Printable(string? s) =>
        s is null ? "" : string.Concat(s.Select(c => c < 0x20 || c == 0x7f ? $"\\x{(int)c:x2}" : c.ToString()));
}
