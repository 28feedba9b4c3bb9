using Slipway.Chain;
using Slipway.Locking;
using Slipway.Processes;
using Slipway.Registry;
using Slipway.Source;
using Slipway.Versioning;

namespace Slipway.Pipeline;

/// <summary>
/// Checkout: fetch the service's branch (optionally pinned to a commit) into a clean workspace through
/// a mirror cache, read its version (GitVersion's, else the fallback of <see cref="VersionResolver"/>), then look the commit up in the registry so a
/// commit that already has an image is never built twice. The workspace is this run's from here until it ends
/// (<see cref="WorkspaceLock"/>): another run of the same state folder waits for it.
/// </summary>
public static class CheckoutStep
{
    /// <param name="lookUpImage">False for a receiving stage: only the commit is wanted (no version, no registry lookup, never a build).</param>
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, bool lookUpImage = true, CancellationToken ct = default)
    {
        var spec = ctx.Catalog.Services[run.Service];
        var repository = ctx.ResolveAgainstCatalog(spec.Repository);
        var branch = ctx.Branch ?? spec.Branch;
        GitRefValidator.ValidateBranch(branch);
        if (ctx.Commit is not null) GitRefValidator.ValidateCommit(ctx.Commit);
        var workspace = ctx.Paths.Checkout(run.Service);
        var access = Access(ctx, run.Service, spec.RepositoryAuth);

        if (ctx.DryRun)
        {
            ctx.Log.Info($"[{run.Service}] would lock the workspace {ctx.Paths.ServiceWork(run.Service)} for this run " +
                         $"({WorkspaceLock.PathOf(ctx.Paths, run.Service)}; another run of this state folder waits for it)");
            ctx.Log.Info($"[{run.Service}] would check out {repository} branch {branch}" +
                         (ctx.Commit is null ? " (tip)" : $" at {ctx.Commit}") + $" into {workspace}:");
            foreach (var line in GitCheckout.DescribeCheckout(repository, branch, ctx.Commit, workspace, ctx.Paths.Mirrors, access))
                ctx.Log.Info("    " + line);
            if (!lookUpImage)
            {
                ctx.Log.Info($"    then: Deploy looks the commit's image up in '{ctx.Catalog.Environments[ctx.Environment].PromoteFrom}' " +
                             $"('{ctx.Environment}' receives images, it never builds: MavenPackage, ExplodeWar, DockerBuild and Push are skipped)");
                return;
            }
            run.BuildKey = $"{CommitReference.Prefix}<commit>-{BuildKeys.Fingerprint(ctx, run)}";
            ctx.Log.Info($"    then: dotnet gitversion.dll <workspace> /output json (when GitVersion cannot decide: {FallbackVersion.Form}, with a warning)");
            ctx.Log.Info($"    then: HEAD {run.Settings.ImageRepository} manifest {run.BuildKey} " +
                         "(an image for this commit and recipe is reused, not rebuilt)");
            return;
        }

        await ctx.HoldUntilDisposedAsync(WorkspaceLock.PathOf(ctx.Paths, run.Service), async () =>
            await WorkspaceLock.AcquireAsync(ctx.Paths, run.Service, $"build of {run.Service} ({branch})", ctx.Log, ctx.WorkspaceLockTimeout, ct));
        run.Checkout = await new GitCheckout().CheckoutAsync(repository, branch, ctx.Commit, workspace, ctx.Paths.Mirrors, ctx.Log, ct, access);
        ctx.Log.Info($"[{run.Service}] {run.Checkout.Branch} at {run.Checkout.ShortSha}: {run.Checkout.Subject}");
        if (!lookUpImage)
        {
            run.ReuseReason = $"'{ctx.Environment}' receives images from its predecessor and never builds";
            return;
        }
        run.Version = await new VersionResolver().ResolveAsync(run.Checkout.WorkspacePath, ctx.Log, ct);
        run.BuildKey = CommitReference.Create(run.Checkout.Sha, BuildKeys.Fingerprint(ctx, run)).Tag;
        await LookUpExistingImageAsync(ctx, run, ct);
    }

    /// <summary>The catalog's repositoryAuth with its paths resolved against the catalog.</summary>
    private static GitAccess Access(ChainContext ctx, string service, Catalog.RepositoryAuthSpec? auth)
    {
        var key = $"services.{service}.repositoryAuth";
        if (auth is null) return GitAccess.Default(key);
        string? Resolve(string? path) => path is null ? null : ctx.ResolveAgainstCatalog(path);
        return new GitAccess(key, Resolve(auth.SshKeyFile), Resolve(auth.KnownHostsFile), auth.TokenEnv,
            auth.TokenUser ?? GitAccess.DefaultTokenUser, Resolve(auth.CaFile));
    }

    private static async Task LookUpExistingImageAsync(ChainContext ctx, ServiceRun run, CancellationToken ct)
    {
        var registry = ctx.Registry(run.Settings.RegistryName);
        var repo = run.Settings.RepositoryPath;
        var digest = await registry.HeadManifestAsync(repo, run.BuildKey!, ct);
        if (digest is null) { ctx.Log.Info($"[{run.Service}] no image for {run.BuildKey} yet: building it"); return; }
        if (ctx.ForceBuild) { ctx.Log.Info($"[{run.Service}] {run.BuildKey} exists ({digest}) but --force-build is set: building again"); return; }
        run.Digest = Digest.Parse(digest, $"the registry's digest of {run.Settings.ImageRepository}:{run.BuildKey}");
        run.Tag = await ImageConfigReader.ReadLabelAsync(registry, repo, digest, Images.ImageLabels.TagKey, ct) ?? run.BuildKey;
        run.ReuseReason = $"the registry already has {run.Settings.ImageRepository}:{run.BuildKey} ({digest[..19]}, tag {run.Tag}) " +
                          "for this commit and image recipe";
        ctx.Log.Info($"[{run.Service}] build once: {run.ReuseReason}; MavenPackage, ExplodeWar and DockerBuild are skipped (--force-build overrides)");
    }

    public static string ProjectDirectory(ChainContext ctx, ServiceRun run)
    {
        var root = run.Checkout?.WorkspacePath ?? ctx.Paths.Checkout(run.Service);
        var sub = ctx.Catalog.Services[run.Service].Directory;
        return string.IsNullOrEmpty(sub) ? root : Path.Combine(root, sub);
    }
}
