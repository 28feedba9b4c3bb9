using Slipway.Catalog;
using Slipway.Processes;

namespace Slipway.Workflows;

/// <summary>The services a change touches, reading the change from git: the files and the catalog since a base revision.</summary>
public static class ChangedServicesSinceRevision
{
    /// <summary>The services enabled in <paramref name="environment"/> that changed between <paramref name="baseRevision"/> and HEAD.</summary>
    public static async Task<IReadOnlyList<string>> ComputeAsync(Catalog.Catalog catalog, string environment, string baseRevision,
        string repositoryRoot)
    {
        // A branch's first push has no "before" commit (all zeros): every service enabled in the environment is touched.
        if (baseRevision.Trim('0').Length == 0) return catalog.ServicesEnabledIn(environment);
        var diff = await ProcessRunner.RunAsync("git", ["diff", "--name-only", baseRevision, "HEAD", "--"], repositoryRoot);
        diff.EnsureSuccess(fix: "pass a revision that exists in this clone (fetch-depth: 0 in the workflow)");
        var before = await ProcessRunner.RunAsync("git", ["show", $"{baseRevision}:{CatalogLoader.DefaultFileName}"], repositoryRoot);
        return ChangedServices.Compute(catalog, environment, diff.StandardOutput, before.Succeeded ? before.StandardOutputText : null);
    }
}
