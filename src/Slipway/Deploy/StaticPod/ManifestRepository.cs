using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Deploy.StaticPod;

/// <summary>
/// A working copy of an environment's static-pod manifests repository under Slipway's state folder: synced to the
/// remote branch before each change, one commit per manifest change, pushed with rebase-and-retry when someone
/// else pushed first.
/// </summary>
public sealed class ManifestRepository(string url, string branch, string workDir, IBuildLog log)
{
    /// <summary>The remote repository.</summary>
    public string Url { get; } = url;
    /// <summary>The branch manifests are committed to.</summary>
    public string Branch { get; } = branch;
    /// <summary>The working copy.</summary>
    public string WorkDir { get; } = workDir;
    /// <summary>How many pushes are tried before giving up on a busy branch.</summary>
    public int MaxPushAttempts { get; init; } = 5;
    /// <summary>Called before every push attempt (1-based): a seam for tests that push concurrently.</summary>
    public Func<int, Task>? BeforePush { get; init; }
    /// <summary>Author and committer of the commits (the deploying actor).</summary>
    public string Actor { get; init; } = Chain.Actor.Current;

    /// <summary>The git calls <see cref="SyncAsync"/> makes, for dry runs.</summary>
    public IEnumerable<string> DescribeSync()
    {
        if (!Directory.Exists(Path.Combine(WorkDir, ".git")))
        {
            yield return Describe(ManifestGit.Init(WorkDir));
            yield return Describe(ManifestGit.AddRemote(WorkDir, Url));
        }
        yield return Describe(ManifestGit.Fetch(WorkDir));
        yield return Describe(ManifestGit.ResetTo(WorkDir, Branch)) + "   (or an empty branch when the remote has none)";
        yield return Describe(ManifestGit.Clean(WorkDir));
    }

    /// <summary>The git calls of one manifest change, for dry runs.</summary>
    public IEnumerable<string> DescribeChange(string relativePath, string message) => DescribeCommit("write", relativePath, message);

    /// <summary>The git calls of one manifest's deletion, for dry runs.</summary>
    public IEnumerable<string> DescribeDeletion(string relativePath, string message) => DescribeCommit("delete", relativePath, message);

    private IEnumerable<string> DescribeCommit(string verb, string relativePath, string message)
    {
        yield return $"{verb} {Path.Combine(WorkDir, relativePath)}";
        yield return Describe(ManifestGit.Add(WorkDir, relativePath));
        yield return Describe(ManifestGit.Commit(WorkDir, "MESSAGE")) + "   with MESSAGE:";
        foreach (var line in message.TrimEnd('\n').Split('\n')) yield return "      | " + line;
        yield return Describe(ManifestGit.Push(WorkDir, Branch)) +
                     $"   (rejected as non-fast-forward: {Describe(ManifestGit.PullRebase(WorkDir, Branch))} and push again, up to {MaxPushAttempts} times)";
    }

    /// <summary>Makes the working copy equal to the remote branch (or an empty branch when the remote has none yet).</summary>
    public async Task SyncAsync(CancellationToken ct = default)
    {
        if (!Directory.Exists(Path.Combine(WorkDir, ".git")))
        {
            Directory.CreateDirectory(WorkDir);
            await GitAsync(ManifestGit.Init(WorkDir), ct);
            await GitAsync(ManifestGit.AddRemote(WorkDir, Url), ct);
        }
        else await GitAsync(ManifestGit.SetRemote(WorkDir, Url), ct);
        await GitAsync(ManifestGit.Fetch(WorkDir), ct, what: $"fetch of the manifests repository {Url}");

        if ((await RunAsync(ManifestGit.RemoteBranch(WorkDir, Branch), ct)).ExitCode == 0)
            await GitAsync(ManifestGit.ResetTo(WorkDir, Branch), ct);
        else
        {
            log.Info($"manifests repository {Url} has no branch {Branch} yet: it starts with the first manifest");
            await GitAsync(ManifestGit.UnbornBranch(WorkDir, Branch), ct);
            await RunAsync(ManifestGit.DeleteLocalBranch(WorkDir, Branch), ct);
            await GitAsync(ManifestGit.EmptyIndex(WorkDir), ct);
        }
        await GitAsync(ManifestGit.Clean(WorkDir), ct);
    }

    /// <summary>The committed text at <paramref name="relativePath"/> in the working copy, or null.</summary>
    public string? Read(string relativePath)
    {
        var path = Path.Combine(WorkDir, relativePath);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>The text <paramref name="relativePath"/> had before the last commit that changed it; null when that commit created it.</summary>
    public async Task<string?> ReadBeforeLastChangeAsync(string relativePath, CancellationToken ct = default)
    {
        var last = (await GitAsync(ManifestGit.LastChange(WorkDir, relativePath), ct)).StandardOutputText.Trim();
        if (last.Length == 0) return null;
        var before = await RunAsync(ManifestGit.ReadAt(WorkDir, last + "^", relativePath), ct);
        return before.ExitCode == 0 ? before.StandardOutputText + "\n" : null;
    }

    /// <summary>
    /// Writes (or with null content deletes) <paramref name="relativePath"/> and commits it; returns the commit sha,
    /// or null when the content was already there (nothing committed).
    /// </summary>
    public async Task<string?> CommitAsync(string relativePath, string? content, string message, CancellationToken ct = default)
    {
        var path = Path.Combine(WorkDir, relativePath);
        if (content is null) File.Delete(path);
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, ct);
        }
        await GitAsync(ManifestGit.Add(WorkDir, relativePath), ct);
        if ((await RunAsync(ManifestGit.StagedChanges(WorkDir), ct)).ExitCode == 0) return null;
        await GitAsync(ManifestGit.Commit(WorkDir, message), ct);
        return (await GitAsync(ManifestGit.Head(WorkDir), ct)).StandardOutputText.Trim();
    }

    /// <summary>
    /// Pushes the branch. A non-fast-forward rejection (someone pushed first) is rebased onto the remote branch and
    /// pushed again, up to <see cref="MaxPushAttempts"/> times; a rebase conflict is aborted and reported.
    /// Returns the pushed head.
    /// </summary>
    public async Task<string> PushAsync(CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (BeforePush is not null) await BeforePush(attempt);
            var push = await RunAsync(ManifestGit.Push(WorkDir, Branch), ct);
            if (push.ExitCode == 0) return (await GitAsync(ManifestGit.Head(WorkDir), ct)).StandardOutputText.Trim();
            if (!IsRejectedAsBehind(push))
                throw new SlipwayException($"Push to the manifests repository {Url} (branch {Branch}) failed: " +
                                           $"{Tail(push)}. Fix: check access to the repository, then deploy again.");
            if (attempt >= MaxPushAttempts)
                throw new SlipwayException($"Push to the manifests repository {Url} (branch {Branch}) was rejected {attempt} times: " +
                                           "others keep pushing. Fix: deploy again when the branch is quieter.");
            log.Warn($"push to {Url} {Branch} rejected (someone pushed first): rebasing onto it and retrying ({attempt}/{MaxPushAttempts})");
            var rebase = await RunAsync(ManifestGit.PullRebase(WorkDir, Branch), ct);
            if (rebase.ExitCode != 0)
            {
                await RunAsync(ManifestGit.AbortRebase(WorkDir), ct);
                throw new SlipwayException($"Rebasing the manifest commit onto {Url} {Branch} failed: {Tail(rebase)}. " +
                                           "Someone changed the same manifest. Fix: look at the branch's latest commits, then deploy again.");
            }
        }
    }

    private static bool IsRejectedAsBehind(ProcessResult push)
    {
        var text = push.StandardOutputText + "\n" + push.StandardErrorText;
        return text.Contains("non-fast-forward", StringComparison.Ordinal) || text.Contains("fetch first", StringComparison.Ordinal)
               || text.Contains("[rejected]", StringComparison.Ordinal);
    }

    private async Task<ProcessResult> GitAsync(string[] args, CancellationToken ct, string? what = null)
    {
        var result = await RunAsync(args, ct);
        if (result.ExitCode != 0)
            throw new SlipwayException($"{what ?? Describe(args)} failed (exit {result.ExitCode}): {Tail(result)}. " +
                                       $"Fix: check the manifests repository {Url} and the working copy {WorkDir}.");
        return result;
    }

    private Task<ProcessResult> RunAsync(string[] args, CancellationToken ct)
    {
        log.Detail(Describe(args));
        return GitRunner.RunAsync(args, GitIdentity.ForActor(Actor), cancellationToken: ct);
    }

    private static string Describe(string[] args) => GitRunner.Describe(args);

    private static string Tail(ProcessResult result)
    {
        var lines = result.StandardErrorText.Trim();
        if (lines.Length == 0) lines = result.StandardOutputText.Trim();
        return lines.Length > 600 ? lines[^600..] : lines;
    }
}
