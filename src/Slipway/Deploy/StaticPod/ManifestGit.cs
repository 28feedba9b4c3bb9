namespace Slipway.Deploy.StaticPod;

/// <summary>
/// The git argument arrays of the manifests repository. The real run and the dry run both use these, so what a
/// dry run prints is what runs. Paths follow <c>--</c>.
/// </summary>
public static class ManifestGit
{
    public static string[] Init(string work) => ["init", "-q", "--", work];
    /// <summary>A bare repository: Status fetches the manifests into one, so no working copy changes.</summary>
    public static string[] InitBare(string dir) => ["init", "-q", "--bare", "--", dir];
    public static string[] AddRemote(string work, string url) => ["-C", work, "remote", "add", "origin", "--", url];
    public static string[] SetRemote(string work, string url) => ["-C", work, "remote", "set-url", "origin", "--", url];
    public static string[] Fetch(string work) => ["-C", work, "fetch", "--prune", "origin"];
    public static string[] RemoteBranch(string work, string branch) =>
        ["-C", work, "rev-parse", "--verify", "--quiet", $"refs/remotes/origin/{branch}^{{commit}}"];
    public static string[] ResetTo(string work, string branch) =>
        ["-C", work, "checkout", "-q", "--force", "-B", branch, $"refs/remotes/origin/{branch}"];
    /// <summary>Every file path of the fetched branch.</summary>
    public static string[] ListFiles(string work, string branch) =>
        ["-C", work, "ls-tree", "-r", "--name-only", $"refs/remotes/origin/{branch}"];
    /// <summary>One file of the fetched branch, read from the object store.</summary>
    public static string[] ReadFile(string work, string branch, string path) =>
        ["-C", work, "cat-file", "blob", $"refs/remotes/origin/{branch}:{path}"];
    /// <summary>The last commit of HEAD that changed <paramref name="path"/>.</summary>
    public static string[] LastChange(string work, string path) => ["-C", work, "log", "-n", "1", "--format=%H", "HEAD", "--", path];
    /// <summary>A file as it was at <paramref name="revision"/>.</summary>
    public static string[] ReadAt(string work, string revision, string path) => ["-C", work, "cat-file", "blob", $"{revision}:{path}"];
    public static string[] Clean(string work) => ["-C", work, "clean", "-q", "-fdx"];
    public static string[] UnbornBranch(string work, string branch) => ["-C", work, "symbolic-ref", "HEAD", $"refs/heads/{branch}"];
    public static string[] DeleteLocalBranch(string work, string branch) => ["-C", work, "update-ref", "-d", $"refs/heads/{branch}"];
    public static string[] EmptyIndex(string work) => ["-C", work, "read-tree", "--empty"];
    public static string[] Add(string work, string path) => ["-C", work, "add", "-A", "--", path];
    public static string[] StagedChanges(string work) => ["-C", work, "diff", "--cached", "--quiet"];
    public static string[] Commit(string work, string message) => ["-C", work, "commit", "-q", "-m", message];
    public static string[] Head(string work) => ["-C", work, "rev-parse", "HEAD"];
    public static string[] Push(string work, string branch) => ["-C", work, "push", "--porcelain", "origin", $"HEAD:refs/heads/{branch}"];
    public static string[] PullRebase(string work, string branch) => ["-C", work, "pull", "-q", "--rebase", "origin", branch];
    public static string[] AbortRebase(string work) => ["-C", work, "rebase", "--abort"];
}
