using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Diagnostics;

namespace Slipway.Versioning;

/// <summary>
/// The human-readable image tag of a build: <c>&lt;sanitized-branch&gt;-&lt;yyyyMMdd&gt;-&lt;HHmmss&gt;</c>
/// (build time in the catalog time zone), e.g. <c>develop-20261125-145736</c>.
/// Always a valid docker tag: <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.
/// </summary>
public static partial class ImageTagFactory
{
    /// <summary>Maximum length of a docker tag.</summary>
    public const int MaxTagLength = 128;

    /// <summary>Branch part used when nothing of the branch name survives sanitization.</summary>
    public const string FallbackBranch = "branch";

    private const string StampFormat = "yyyyMMdd-HHmmss";
    private const int SuffixLength = 16; // "-yyyyMMdd-HHmmss"

    /// <summary>Creates the tag for <paramref name="branch"/> built at <paramref name="buildTime"/>, rendered in <paramref name="zone"/>.</summary>
    /// <exception cref="SlipwayException">The branch is empty.</exception>
    public static string Create(string branch, DateTimeOffset buildTime, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(buildTime, zone);
        return SanitizeBranch(branch) + "-" + local.ToString(StampFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The branch part of a tag: lower case; every run of characters outside <c>[a-z0-9_.-]</c> becomes one '-';
    /// repeated '-' and '.' collapse; leading '.'/'-' and trailing '-'/'.' removed; at most 112 characters
    /// (so the whole tag fits 128). E.g. <c>feature/JIRA-12_x</c> -> <c>feature-jira-12_x</c>.
    /// Different branches can map to the same part (<c>feature/x</c>, <c>feature-x</c>).
    /// </summary>
    public static string SanitizeBranch(string branch)
    {
        if (string.IsNullOrWhiteSpace(branch))
            throw SlipwayException.Input("--branch", "the branch name is empty", "pass the branch to build, e.g. develop");
        var s = Disallowed().Replace(branch.ToLowerInvariant(), "-");
        s = RepeatedDash().Replace(s, "-");
        s = RepeatedDot().Replace(s, ".");
        s = s.TrimStart('.', '-');
        if (s.Length > MaxTagLength - SuffixLength) s = s[..(MaxTagLength - SuffixLength)];
        s = s.TrimEnd('.', '-');
        return s.Length == 0 ? FallbackBranch : s;
    }

    /// <summary>
    /// True when <paramref name="tag"/> has the shape of a tag made by <see cref="Create"/>; returns its branch part
    /// and its local timestamp (in the zone it was created in; see <see cref="DateTag.ToDateTimeOffset"/>).
    /// </summary>
    public static bool IsDateTag(string? tag, [NotNullWhen(true)] out DateTag? parsed)
    {
        parsed = null;
        if (tag is null || tag.Length > MaxTagLength) return false;
        var m = DateTagPattern().Match(tag);
        if (!m.Success) return false;
        if (!DateTime.TryParseExact(m.Groups["stamp"].Value, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
            return false;
        parsed = new DateTag(m.Groups["branch"].Value, DateTime.SpecifyKind(stamp, DateTimeKind.Unspecified));
        return true;
    }

    [GeneratedRegex("[^a-z0-9_.-]+")]
    private static partial Regex Disallowed();

    [GeneratedRegex("-{2,}")]
    private static partial Regex RepeatedDash();

    [GeneratedRegex(@"\.{2,}")]
    private static partial Regex RepeatedDot();

    [GeneratedRegex(@"^(?<branch>[a-z0-9_][a-z0-9_.-]*)-(?<stamp>[0-9]{8}-[0-9]{6})$")]
    private static partial Regex DateTagPattern();
}

/// <summary>A parsed date tag: the sanitized branch part and the build time as wall-clock time of the catalog zone.</summary>
/// <param name="Branch">The sanitized branch part (not necessarily the original branch name).</param>
/// <param name="LocalTime">The wall-clock build time (Kind Unspecified) in the zone the tag was made in.</param>
public sealed record DateTag(string Branch, DateTime LocalTime)
{
    /// <summary>The build time as an instant, interpreting <see cref="LocalTime"/> in <paramref name="zone"/>.</summary>
    public DateTimeOffset ToDateTimeOffset(TimeZoneInfo zone) =>
        new(LocalTime, zone.GetUtcOffset(LocalTime));
}
