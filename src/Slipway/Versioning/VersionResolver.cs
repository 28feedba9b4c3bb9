using Slipway.Diagnostics;

namespace Slipway.Versioning;

/// <summary>
/// The version of a checkout, and never the end of the chain: GitVersion's when it decides, else
/// <see cref="FallbackVersion"/> with a warning naming why GitVersion gave none.
/// </summary>
public sealed class VersionResolver(GitVersionRunner? gitVersion = null)
{
    private readonly GitVersionRunner _gitVersion = gitVersion ?? new GitVersionRunner();

    /// <summary>The version of the checkout in <paramref name="workDir"/>.</summary>
    /// <exception cref="SlipwayException"><paramref name="workDir"/> is not a git checkout with a commit.</exception>
    public async Task<GitVersionInfo> ResolveAsync(string workDir, IBuildLog log, CancellationToken ct = default)
    {
        string reason;
        try
        {
            return await _gitVersion.RunAsync(workDir, log, ct);
        }
        catch (GitVersionException ex) { reason = ex.Reason; }
        catch (SlipwayException ex) { reason = ex.Message; } // GitVersion itself is missing
        var version = await FallbackVersion.ComputeAsync(workDir, reason, ct);
        log.Warn($"GitVersion could not compute a version for {workDir}: {reason.TrimEnd('.')}. The build goes on with the fallback version " +
                 $"{version.FullSemVer} ({FallbackVersion.Form}). Fix, to get GitVersion's own version: a GitVersion.yml it accepts " +
                 "that configures this branch (https://gitversion.net/docs/reference/configuration), or a branch named as GitVersion expects (main, develop, feature/...).");
        return version;
    }
}
