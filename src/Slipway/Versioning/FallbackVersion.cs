using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Versioning;

/// <summary>
/// The version of a checkout when GitVersion cannot decide: <c>&lt;tag&gt;-&lt;branch&gt;.&lt;height&gt;+&lt;sha7&gt;</c>, e.g.
/// <c>1.4.0-team-x-weird.3+3f9c0e1</c>, read with plain git so that any layout has one.
/// <list type="bullet">
/// <item><c>tag</c>: the x.y.z of the nearest tag named like a version (<c>1.4.0</c>, <c>v1.4.0</c>, <c>1.4.0-rc.1</c>)
/// reachable from HEAD, else <c>0.0.0</c>;</item>
/// <item><c>branch</c>: the checked-out branch, lower case, every run of characters outside <c>[a-z0-9-]</c> one '-'
/// (<c>detached</c> on a detached HEAD; prefixed <c>branch-</c> when only digits are left, as SemVer requires);</item>
/// <item><c>height</c>: commits since that tag, or all commits reachable from HEAD when there is none (a shallow clone
/// counts the commits it has);</item>
/// <item><c>sha7</c>: the first 7 hex digits of the commit.</item>
/// </list>
/// </summary>
public static partial class FallbackVersion
{
    /// <summary>The documented form, for warnings and dry runs.</summary>
    public const string Form = "<nearest version tag or 0.0.0>-<branch>.<height>+<sha7>";

    private const string NoTag = "0.0.0";
    private const string Detached = "detached";

    /// <summary>Reads the checkout in <paramref name="workDir"/> with git and returns its fallback version.</summary>
    /// <param name="reason">Why GitVersion gave none; kept in <see cref="GitVersionInfo.FallbackReason"/>.</param>
    /// <exception cref="SlipwayException"><paramref name="workDir"/> is not a git checkout with a commit.</exception>
    public static async Task<GitVersionInfo> ComputeAsync(string workDir, string reason, CancellationToken ct = default)
    {
        var sha = (await GitAsync(["-C", workDir, "rev-parse", "--verify", "HEAD^{commit}"], ct))
            .EnsureSuccess(fix: $"check that {workDir} is a git checkout with at least one commit").StandardOutput[0].Trim();
        var branchResult = await GitAsync(["-C", workDir, "symbolic-ref", "--quiet", "--short", "HEAD"], ct);
        var branch = branchResult.Succeeded && branchResult.StandardOutput.Count > 0 ? branchResult.StandardOutput[0].Trim() : null;
        var (tag, height) = await NearestVersionTagAsync(workDir, ct);
        var semVer = $"{tag}-{SanitizeBranch(branch)}.{height.ToString(CultureInfo.InvariantCulture)}";
        var full = $"{semVer}+{sha[..7]}";
        return new GitVersionInfo(semVer, full, full, sha, branch ?? Detached, tag, reason);
    }

    /// <summary>The branch as a SemVer pre-release identifier (see the class summary); null is a detached HEAD.</summary>
    public static string SanitizeBranch(string? branch)
    {
        if (branch is null) return Detached;
        var s = NotIdentifier().Replace(branch.ToLowerInvariant(), "-").Trim('-');
        if (s.Length == 0) return "branch";
        return s.All(char.IsAsciiDigit) ? "branch-" + s : s;
    }

    /// <summary>x.y.z of the nearest version tag and the commits since it; <c>0.0.0</c> and all commits when there is none.</summary>
    private static async Task<(string Tag, int Height)> NearestVersionTagAsync(string workDir, CancellationToken ct)
    {
        var describe = await GitAsync(["-C", workDir, "describe", "--tags", "--long",
            "--match", "[0-9]*.[0-9]*.[0-9]*", "--match", "[vV][0-9]*.[0-9]*.[0-9]*", "HEAD"], ct);
        if (describe.Succeeded && describe.StandardOutput.Count > 0)
        {
            var m = Described().Match(describe.StandardOutput[0].Trim());
            if (m.Success) return (m.Groups["mmp"].Value, int.Parse(m.Groups["height"].Value, CultureInfo.InvariantCulture));
        }
        // no tag: "git describe" fails ("No names found"); every commit counts
        var count = (await GitAsync(["-C", workDir, "rev-list", "--count", "HEAD"], ct)).EnsureSuccess();
        return (NoTag, int.Parse(count.StandardOutput[0].Trim(), CultureInfo.InvariantCulture));
    }

    private static Task<ProcessResult> GitAsync(string[] args, CancellationToken ct) =>
        GitRunner.RunAsync(args, cancellationToken: ct);

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotIdentifier();

    // <tag>-<height>-g<sha>: the tag itself may contain '-', so height and sha are read from the end
    [GeneratedRegex(@"^[vV]?(?<mmp>\d+\.\d+\.\d+)\S*-(?<height>\d+)-g[0-9a-f]+$")]
    private static partial Regex Described();
}
