using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Diagnostics;

namespace Slipway.Versioning;

/// <summary>
/// The human-readable image tag of a build (build time in the catalog time zone):
/// <list type="bullet">
/// <item><c>&lt;branch&gt;-&lt;yyyyMMdd&gt;-&lt;HHmmss&gt;</c> when the branch name is itself a valid tag part, i.e. it survives
/// <see cref="SanitizeBranch"/> unchanged (<c>develop-20261125-145736</c>);</item>
/// <item><c>&lt;sanitized branch&gt;-&lt;yyyyMMdd&gt;-&lt;HHmmss&gt;-&lt;commit7&gt;</c> otherwise (<c>rel/a</c> gives
/// <c>rel-a-20261125-145736-3f9c0e1</c>), and when the registry already holds the plain tag (see <c>withCommit</c>).</item>
/// </list>
/// So two branches that sanitize alike (<c>rel/a</c>, <c>rel-a</c>) never share a tag, and a tag with a commit names that commit.
/// Always a valid docker tag: <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.
/// </summary>
public static partial class ImageTagFactory
{
    /// <summary>Maximum length of a docker tag.</summary>
    public const int MaxTagLength = 128;

    /// <summary>Branch part used when nothing of the branch name survives sanitization.</summary>
    public const string FallbackBranch = "branch";

    /// <summary>Hex digits of the commit appended to a tag.</summary>
    public const int CommitLength = 7;

    private const string StampFormat = "yyyyMMdd-HHmmss";
    private const int StampLength = 16; // "-yyyyMMdd-HHmmss"
    private const int CommitSuffixLength = CommitLength + 1;

    /// <summary>
    /// Creates the tag for <paramref name="branch"/> at <paramref name="commit"/>, built at <paramref name="buildTime"/>, rendered
    /// in <paramref name="zone"/>. The commit is appended when the branch name does not survive sanitization unchanged, or
    /// always with <paramref name="withCommit"/> (the registry already holds the plain tag).
    /// </summary>
    /// <param name="commit">The commit's sha (7 or more hex digits); null only in a dry run, where <c>&lt;commit&gt;</c> stands in for it.</param>
    /// <exception cref="SlipwayException">The branch is empty, or the commit is not hex.</exception>
    public static string Create(string branch, DateTimeOffset buildTime, TimeZoneInfo zone, string? commit, bool withCommit = false)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var stamp = TimeZoneInfo.ConvertTime(buildTime, zone).ToString(StampFormat, CultureInfo.InvariantCulture);
        if (!withCommit && !NeedsCommit(branch)) return branch + "-" + stamp;
        return Sanitize(branch, MaxTagLength - StampLength - CommitSuffixLength) + "-" + stamp + "-" + ShortCommit(commit);
    }

    /// <summary>True when <paramref name="branch"/> is not a valid tag part as it is, so its tags carry the commit.</summary>
    public static bool NeedsCommit(string branch) => SanitizeBranch(branch) != branch;

    /// <summary>
    /// The branch part of a plain tag: lower case; every run of characters outside <c>[a-z0-9_.-]</c> becomes one '-';
    /// repeated '-' and '.' collapse; leading '.'/'-' and trailing '-'/'.' removed; at most 112 characters
    /// (so the whole tag fits 128). E.g. <c>feature/JIRA-12_x</c> -> <c>feature-jira-12_x</c>.
    /// Different branches can map to the same part (<c>feature/x</c>, <c>feature-x</c>): <see cref="Create"/> then appends the commit.
    /// </summary>
    public static string SanitizeBranch(string branch) => Sanitize(branch, MaxTagLength - StampLength);

    private static string Sanitize(string branch, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(branch))
            throw SlipwayException.Input("--branch", "the branch name is empty", "pass the branch to build, e.g. develop");
        var s = Disallowed().Replace(branch.ToLowerInvariant(), "-");
        s = RepeatedDash().Replace(s, "-");
        s = RepeatedDot().Replace(s, ".");
        s = s.TrimStart('.', '-');
        if (s.Length > maxLength) s = s[..maxLength];
        s = s.TrimEnd('.', '-');
        return s.Length == 0 ? FallbackBranch : s;
    }

    private static string ShortCommit(string? commit)
    {
        if (commit is null) return "<commit>";
        if (commit.Length < CommitLength || !commit.All(char.IsAsciiHexDigit))
            throw SlipwayException.Input("commit", $"'{commit}' is not a commit sha (7 or more hex digits)", "pass the sha the checkout resolved");
        return commit[..CommitLength].ToLowerInvariant();
    }

    /// <summary>
    /// True when <paramref name="tag"/> has the shape of a tag made by <see cref="Create"/>; returns its branch part, its local
    /// timestamp (in the zone it was created in; see <see cref="DateTag.ToDateTimeOffset"/>) and its commit part, if any.
    /// </summary>
    public static bool IsDateTag(string? tag, [NotNullWhen(true)] out DateTag? parsed)
    {
        parsed = null;
        if (tag is null || tag.Length > MaxTagLength) return false;
        var m = DateTagPattern().Match(tag);
        if (!m.Success) return false;
        if (!DateTime.TryParseExact(m.Groups["stamp"].Value, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
            return false;
        parsed = new DateTag(m.Groups["branch"].Value, DateTime.SpecifyKind(stamp, DateTimeKind.Unspecified),
            m.Groups["commit"].Success ? m.Groups["commit"].Value : null);
        return true;
    }

    [GeneratedRegex("[^a-z0-9_.-]+")]
    private static partial Regex Disallowed();

    [GeneratedRegex("-{2,}")]
    private static partial Regex RepeatedDash();

    [GeneratedRegex(@"\.{2,}")]
    private static partial Regex RepeatedDot();

    // A plain tag ends in 6 digits after its last '-', a tag with a commit in 7 hex digits: the shapes never spell the same text.
    [GeneratedRegex(@"^(?<branch>[a-z0-9_][a-z0-9_.-]*)-(?<stamp>[0-9]{8}-[0-9]{6})(-(?<commit>[0-9a-f]{7}))?$")]
    private static partial Regex DateTagPattern();
}

/// <summary>A parsed date tag: the sanitized branch part, the build time as wall-clock time of the catalog zone, and the commit part.</summary>
/// <param name="Branch">The sanitized branch part (not necessarily the original branch name).</param>
/// <param name="LocalTime">The wall-clock build time (Kind Unspecified) in the zone the tag was made in.</param>
/// <param name="Commit">The first 7 hex digits of the commit, when the tag carries them.</param>
public sealed record DateTag(string Branch, DateTime LocalTime, string? Commit = null)
{
    /// <summary>The build time as an instant, interpreting <see cref="LocalTime"/> in <paramref name="zone"/>.</summary>
    public DateTimeOffset ToDateTimeOffset(TimeZoneInfo zone) =>
        new(LocalTime, zone.GetUtcOffset(LocalTime));
}
