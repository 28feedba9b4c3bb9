using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Source;

/// <summary>
/// Checks out one commit of a service repository into a clean workspace, through a bare mirror cache:
/// the first run clones the mirror (<c>git clone --mirror</c>), later runs only fetch into it
/// (<c>git fetch --prune origin</c>); the workspace is then recreated from the mirror (<c>clone --shared</c>)
/// and holds exactly the commit's tree, on a local branch named like <c>branch</c> (not a detached HEAD).
/// </summary>
public sealed class GitCheckout
{
    /// <summary>File written into a mirror once its clone completed; a mirror folder without it is re-cloned.</summary>
    internal const string MirrorCompleteMarker = "slipway-mirror-complete";

    private const int BranchesListed = 10;

    /// <summary>
    /// Clones or fetches the mirror, resolves <paramref name="branch"/> (and checks <paramref name="commit"/> is on it),
    /// and recreates <paramref name="workspaceDir"/> at the commit. All inputs are validated before any process runs.
    /// </summary>
    /// <param name="repository">Git URL or local folder (relative paths resolve against the current folder).</param>
    /// <param name="branch">Branch name; validated with <see cref="GitRefValidator"/>.</param>
    /// <param name="commit">Commit id (7-40 hex) that must be reachable from the branch; null for the branch tip.</param>
    /// <param name="workspaceDir">Folder to (re)create; deleted first. Refused if it is not a previous workspace or empty.</param>
    /// <param name="mirrorCacheDir">Folder holding one bare mirror per repository; created if missing.</param>
    /// <param name="log">Receives progress (Info) and every command and git output line (Detail).</param>
    /// <param name="cancellationToken">Cancels (and kills) the running git process.</param>
    /// <param name="access">How git reaches the repository (deploy key, known_hosts, token, CA); the user's own git and ssh setup when null.</param>
    /// <exception cref="SlipwayException">Invalid input, unknown branch or commit, commit not on the branch, refused access settings, or a failed git command.</exception>
    public async Task<CheckoutResult> CheckoutAsync(
        string repository, string branch, string? commit, string workspaceDir, string mirrorCacheDir,
        IBuildLog log, CancellationToken cancellationToken = default, GitAccess? access = null)
    {
        var plan = Plan.Create(repository, branch, commit, workspaceDir, mirrorCacheDir, access);
        var repo = plan.Repository;
        if (repo.IsLocal && !Directory.Exists(repo.GitArgument))
            throw SlipwayException.Input("repository", $"local repository folder '{repo.GitArgument}' does not exist",
                "fix the service's repository path (relative paths resolve against the catalog folder)");
        plan.Access.EnsureUsable(repo);
        WorkspaceFolder.EnsureSafeToReplace(plan.WorkspaceDir, mirrorCacheDir);

        Directory.CreateDirectory(mirrorCacheDir);
        using var mirrorLock = await MirrorLock.AcquireAsync(plan.MirrorDir, log, cancellationToken);
        var git = new GitInvoker(log, plan.Secrets, plan.Access.Extras(), cancellationToken);

        if (IsCompleteMirror(plan.MirrorDir))
        {
            log.Info($"git: fetching {repo.Display} into mirror {plan.MirrorDir}");
            EnsureReached(await git.RunAsync(GitCommands.FetchMirror(plan.MirrorDir)), plan);
        }
        else
        {
            if (Directory.Exists(plan.MirrorDir))
            {
                log.Warn($"Mirror {plan.MirrorDir} is incomplete (an earlier clone was interrupted); cloning it again.");
                WorkspaceFolder.Remove(plan.MirrorDir, log);
            }
            log.Info($"git: cloning mirror of {repo.Display} into {plan.MirrorDir}");
            await CloneMirrorAsync(git, plan, repo);
        }

        var branchSha = await ResolveBranchAsync(git, plan);
        var sha = branchSha;
        if (plan.Commit is not null)
        {
            sha = await ResolveCommitAsync(git, plan);
            await EnsureOnBranchAsync(git, plan, sha, branchSha);
        }

        WorkspaceFolder.EnsureSafeToReplace(plan.WorkspaceDir, mirrorCacheDir); // again: it may have changed meanwhile
        WorkspaceFolder.Remove(plan.WorkspaceDir, log);
        Directory.CreateDirectory(Path.GetDirectoryName(plan.WorkspaceDir)!);
        log.Info($"git: checking out {plan.Branch} at {sha} into {plan.WorkspaceDir}");
        (await git.RunAsync(GitCommands.CloneWorkspace(plan.MirrorDir, plan.WorkspaceDir))).EnsureSuccess(plan.Secrets);
        (await git.RunAsync(GitCommands.CheckoutBranchAt(plan.WorkspaceDir, plan.Branch, sha))).EnsureSuccess(plan.Secrets);

        var info = (await git.RunAsync(GitCommands.ShowCommit(plan.WorkspaceDir, sha))).EnsureSuccess(plan.Secrets);
        var fields = info.StandardOutput.FirstOrDefault()?.Split('\x1f') ?? [];
        if (fields.Length < 5)
            throw new SlipwayException($"git log printed an unexpected line for {sha}: '{info.StandardOutputText}'. Fix: check the git installation (git --version).");
        return new CheckoutResult(
            Sha: fields[0],
            ShortSha: fields[1],
            Branch: plan.Branch,
            CommitTime: DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture)),
            Author: fields[3],
            Subject: fields[4],
            Repository: repo.Display,
            WorkspacePath: plan.WorkspaceDir,
            MirrorPath: plan.MirrorDir);
    }

    /// <summary>
    /// Dry run: the git command lines <see cref="CheckoutAsync"/> would run, shell-quoted and copy-pasteable
    /// (credentials masked), without running anything. Clone or fetch depends on whether the mirror exists now.
    /// Inputs are validated exactly as in a real run. The environment shown is the one set
    /// (<see cref="GitRunner.VisibleEnvironment"/>); variables that are removed (GIT_DIR, GIT_WORK_TREE, ...) are not shown.
    /// The workspace is deleted (not a git command) before the <c>git clone --shared</c> line.
    /// </summary>
    public static IReadOnlyList<string> DescribeCheckout(
        string repository, string branch, string? commit, string workspaceDir, string mirrorCacheDir, GitAccess? access = null)
    {
        var plan = Plan.Create(repository, branch, commit, workspaceDir, mirrorCacheDir, access);
        var secrets = plan.Secrets;
        var extras = plan.Access.Extras();
        var commands = new List<string[]>
        {
            IsCompleteMirror(plan.MirrorDir)
                ? GitCommands.FetchMirror(plan.MirrorDir)
                : GitCommands.CloneMirror(plan.Repository.GitArgument, plan.MirrorDir),
            GitCommands.ResolveBranch(plan.MirrorDir, plan.Branch),
        };
        var target = "<branch-sha>";
        if (plan.Commit is not null)
        {
            commands.Add(GitCommands.ResolveCommit(plan.MirrorDir, plan.Commit));
            commands.Add(GitCommands.IsAncestor(plan.MirrorDir, "<commit-sha>", "<branch-sha>"));
            target = "<commit-sha>";
        }
        commands.Add(GitCommands.CloneWorkspace(plan.MirrorDir, plan.WorkspaceDir));
        commands.Add(GitCommands.CheckoutBranchAt(plan.WorkspaceDir, plan.Branch, target));
        commands.Add(GitCommands.ShowCommit(plan.WorkspaceDir, target));
        return commands.Select(a => GitRunner.DescribeWithEnvironment(a, secrets, extras)).ToList();
    }

    private static bool IsCompleteMirror(string mirrorDir) =>
        File.Exists(Path.Combine(mirrorDir, MirrorCompleteMarker));

    private static async Task CloneMirrorAsync(GitInvoker git, Plan plan, RepositoryLocation repo)
    {
        try
        {
            EnsureReached(await git.RunAsync(GitCommands.CloneMirror(repo.GitArgument, plan.MirrorDir)), plan);
            await File.WriteAllTextAsync(Path.Combine(plan.MirrorDir, MirrorCompleteMarker), repo.Display + "\n");
        }
        catch
        {
            if (Directory.Exists(plan.MirrorDir)) WorkspaceFolder.Remove(plan.MirrorDir, git.Log);
            throw;
        }
    }

    /// <summary>A failed clone or fetch: the access setting to fix when that is the cause, else git's own output.</summary>
    private static void EnsureReached(ProcessResult result, Plan plan)
    {
        if (result.Succeeded) return;
        throw GitAccessFailure.Explain(result, plan.Repository, plan.Access)
              ?? result.ToException(plan.Secrets, $"check the repository URL or path, the network and {plan.Access.CatalogKey} " +
                                                  "(sshKeyFile and knownHostsFile for SSH, tokenEnv for HTTPS; else your own ssh key or credential helper)");
    }

    private static async Task<string> ResolveBranchAsync(GitInvoker git, Plan plan)
    {
        var result = await git.RunAsync(GitCommands.ResolveBranch(plan.MirrorDir, plan.Branch));
        if (result.Succeeded && result.StandardOutput.Count > 0) return result.StandardOutput[0].Trim();

        var list = (await git.RunAsync(GitCommands.ListBranches(plan.MirrorDir))).EnsureSuccess(plan.Secrets);
        var names = list.StandardOutput.Where(l => l.Length > 0).ToList();
        var shown = names.Count == 0
            ? "the repository has no branches"
            : "available branches (most recent first): " + string.Join(", ", names.Take(BranchesListed)) + (names.Count > BranchesListed ? $", ... ({names.Count} in all)" : "");
        throw SlipwayException.Input("--branch",
            $"branch '{plan.Branch}' does not exist in {plan.Repository.Display}; {shown}",
            "pass one of the existing branches (or push the branch first)");
    }

    private static async Task<string> ResolveCommitAsync(GitInvoker git, Plan plan)
    {
        var result = await git.RunAsync(GitCommands.ResolveCommit(plan.MirrorDir, plan.Commit!));
        if (result.Succeeded && result.StandardOutput.Count > 0) return result.StandardOutput[0].Trim();
        var why = result.StandardError.Any(l => l.Contains("ambiguous", StringComparison.OrdinalIgnoreCase))
            ? "it is ambiguous (several commits start with it)"
            : "no such commit exists in the repository";
        throw SlipwayException.Input("--commit", $"'{plan.Commit}': {why} ({plan.Repository.Display})",
            "pass a longer or the full commit sha, and make sure the commit is pushed");
    }

    private static async Task EnsureOnBranchAsync(GitInvoker git, Plan plan, string sha, string branchSha)
    {
        var result = await git.RunAsync(GitCommands.IsAncestor(plan.MirrorDir, sha, branchSha));
        if (result.ExitCode == 0) return;
        if (result.ExitCode == 1)
            throw SlipwayException.Input("--commit",
                $"commit {sha} is not on branch '{plan.Branch}' (not reachable from its tip {branchSha})",
                $"pass a commit of '{plan.Branch}', or the branch that contains this commit (git branch -a --contains {sha})");
        result.EnsureSuccess(plan.Secrets);
    }

    /// <summary>Validated inputs and derived paths of one checkout; creating it runs nothing.</summary>
    private sealed record Plan(RepositoryLocation Repository, GitAccess Access, string Branch, string? Commit, string WorkspaceDir, string MirrorDir)
    {
        /// <summary>Values never to print: credentials in the URL and the token.</summary>
        public IReadOnlyList<string> Secrets => [.. Repository.Secrets, .. Access.Secrets];

        public static Plan Create(string repository, string branch, string? commit, string workspaceDir, string mirrorCacheDir, GitAccess? access)
        {
            var validBranch = GitRefValidator.ValidateBranch(branch);
            var validCommit = commit is null ? null : GitRefValidator.ValidateCommit(commit);
            var repo = RepositoryLocation.Parse(repository);
            if (string.IsNullOrWhiteSpace(workspaceDir))
                throw SlipwayException.Input("workspace", "the workspace folder is empty", "pass a folder for the checkout");
            if (string.IsNullOrWhiteSpace(mirrorCacheDir))
                throw SlipwayException.Input("mirror cache", "the mirror cache folder is empty", "pass a folder for the git mirrors");
            var mirrorDir = Path.Combine(WorkspaceFolder.Normalize(mirrorCacheDir), repo.MirrorFolderName);
            return new Plan(repo, access ?? GitAccess.Default(), validBranch, validCommit, WorkspaceFolder.Normalize(workspaceDir), mirrorDir);
        }
    }

    /// <summary>Runs git with the checkout environment, logging each command line and output line as Detail.</summary>
    private sealed class GitInvoker(IBuildLog log, IReadOnlyList<string> secrets, GitExtras extras, CancellationToken ct)
    {
        public IBuildLog Log => log;

        public Task<ProcessResult> RunAsync(string[] args)
        {
            log.Detail("$ " + GitRunner.Describe(args, secrets));
            return GitRunner.RunAsync(args, onLine: line => log.Detail(Redactor.Redact(line, secrets).Replace('\x1f', ' ')), cancellationToken: ct,
                extras: extras);
        }
    }
}
