namespace Slipway.Source;

/// <summary>
/// The git argument arrays of a checkout. Both the real run and the dry run use these, so what the dry run prints
/// is what runs. Positional arguments follow <c>--</c> where git accepts it; refs and shas are validated first.
/// </summary>
internal static class GitCommands
{
    public static string[] CloneMirror(string repository, string mirrorDir) =>
        ["clone", "--mirror", "--", repository, mirrorDir];

    public static string[] FetchMirror(string mirrorDir) =>
        ["-C", mirrorDir, "fetch", "--prune", "origin"];

    public static string[] ResolveBranch(string mirrorDir, string branch) =>
        ["-C", mirrorDir, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}"];

    public static string[] ResolveCommit(string mirrorDir, string commit) =>
        ["-C", mirrorDir, "rev-parse", "--verify", "--quiet", $"{commit}^{{commit}}"];

    public static string[] IsAncestor(string mirrorDir, string commitSha, string branchSha) =>
        ["-C", mirrorDir, "merge-base", "--is-ancestor", commitSha, branchSha];

    public static string[] ListBranches(string mirrorDir) =>
        ["-C", mirrorDir, "for-each-ref", "--sort=-committerdate", "--format=%(refname:short)", "refs/heads/"];

    public static string[] CloneWorkspace(string mirrorDir, string workspaceDir) =>
        ["clone", "--no-checkout", "--shared", "--", mirrorDir, workspaceDir];

    /// <summary>A local branch named like the remote one, at the commit: not detached, so GitVersion sees the branch.</summary>
    public static string[] CheckoutBranchAt(string workspaceDir, string branch, string sha) =>
        ["-C", workspaceDir, "checkout", "--force", "-B", branch, sha];

    public static string[] ShowCommit(string workspaceDir, string sha) =>
        ["-C", workspaceDir, "log", "-1", "--no-show-signature", "--format=%H%x1f%h%x1f%ct%x1f%an <%ae>%x1f%s", sha];
}
