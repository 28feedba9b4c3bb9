using System.Security.Cryptography;
using System.Text;
using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Source;

namespace Slipway.Locking;

/// <summary>
/// The git side of shared deploy locks: lock refs on a remote repository, read and changed only with compare-and-swap
/// pushes (<c>--force-with-lease=REF:EXPECTED</c>, which the receiving side checks under its ref lock). Lock commits
/// are made with <c>git commit-tree</c> in a bare cache repository (no working tree) under the state folder.
/// </summary>
public sealed class GitLeaseRemote
{
    private const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private readonly string _cache;

    /// <summary>Locks on <paramref name="repository"/> (any git URL or path), lock commits made in a cache under <paramref name="cacheRoot"/>.</summary>
    public GitLeaseRemote(string repository, string cacheRoot)
    {
        Repository = RepositoryLocation.Parse(repository, "lock repository");
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Repository.GitArgument)))[..16];
        _cache = Path.Combine(cacheRoot, id + ".git");
    }

    /// <summary>The remote, as given (its <see cref="RepositoryLocation.Display"/> hides credentials).</summary>
    public RepositoryLocation Repository { get; }

    /// <summary>The lock commit a ref points at on the remote, with its lease (null when unreadable).</summary>
    public sealed record LockState(string CommitId, LeaseRecord? Record);

    /// <summary>How a compare-and-swap push ended.</summary>
    public enum PushOutcome
    {
        /// <summary>The ref now has the new value (or is deleted).</summary>
        Done,
        /// <summary>The ref did not have the expected value: someone else changed it first.</summary>
        Rejected,
    }

    /// <summary>The ref name of the lock of <paramref name="service"/> in <paramref name="environment"/>.</summary>
    public static string RefName(string environment, string service) => $"refs/slipway/locks/{environment}/{service}";

    /// <summary>Reads the lock ref on the remote; null when nobody holds it. Throws when the remote cannot be read.</summary>
    public async Task<LockState?> ReadAsync(string refName, CancellationToken ct)
    {
        await EnsureCacheAsync(ct);
        var seen = $"refs/slipway/seen/{Guid.NewGuid():N}";
        var fetch = await GitAsync(ct, "fetch", "-q", "--no-tags", "--no-write-fetch-head", Repository.GitArgument, $"+{refName}:{seen}");
        if (!fetch.Succeeded)
        {
            if (fetch.StandardErrorText.Contains("couldn't find remote ref")) return null;
            throw Unreachable(fetch);
        }
        try
        {
            var commit = (await GitAsync(ct, "rev-parse", "--verify", seen + "^{commit}")).EnsureSuccess(Repository.Secrets).StandardOutputText.Trim();
            var message = (await GitAsync(ct, "show", "-s", "--format=%B", commit)).EnsureSuccess(Repository.Secrets).StandardOutputText;
            return new LockState(commit, LeaseRecord.FromJson(message));
        }
        finally
        {
            await GitAsync(CancellationToken.None, "update-ref", "-d", seen);
        }
    }

    /// <summary>Makes (locally, not pushed) the lock commit carrying <paramref name="record"/>; returns its id.</summary>
    public async Task<string> CommitAsync(LeaseRecord record, CancellationToken ct)
    {
        await EnsureCacheAsync(ct);
        var result = await GitRunner.RunAsync(["-C", _cache, "commit-tree", EmptyTree, "-m", record.ToJson()], Committer, cancellationToken: ct);
        return result.EnsureSuccess(fix: $"check the lock cache repository {_cache}").StandardOutputText.Trim();
    }

    /// <summary>
    /// Sets <paramref name="refName"/> on the remote to <paramref name="newCommit"/> (null: deletes it) only if it is
    /// now <paramref name="expectedCommit"/> (null: only if it does not exist). Throws when the remote cannot be reached.
    /// </summary>
    public async Task<PushOutcome> SwapAsync(string refName, string? expectedCommit, string? newCommit, CancellationToken ct)
    {
        await EnsureCacheAsync(ct);
        var push = await GitAsync(ct, "push", "--porcelain", "--no-verify", Repository.GitArgument,
            $"--force-with-lease={refName}:{expectedCommit ?? ""}", $"{newCommit ?? ""}:{refName}");
        if (push.Succeeded) return PushOutcome.Done;
        var refLines = push.StandardOutput.Where(l => l.StartsWith("!\t", StringComparison.Ordinal)).ToList();
        if (refLines.Count > 0 && refLines.All(IsContention)) return PushOutcome.Rejected;
        throw Unreachable(push);
    }

    /// <summary>The command that deletes the lock unconditionally, for a user breaking a stale lock by hand.</summary>
    public string BreakCommand(string refName) => GitRunner.Describe(["push", Repository.Display, "--delete", refName]);

    // stale info: the lease did not match; the others: the remote lost a race on its ref lock.
    private static bool IsContention(string line) =>
        line.Contains("stale info") || line.Contains("already exists") || line.Contains("fetch first") ||
        line.Contains("non-fast-forward") || line.Contains("failed to update ref") || line.Contains("cannot lock ref");

    private SlipwayException Unreachable(ProcessResult result) =>
        result.ToException(Repository.Secrets,
            $"check that this machine can reach and push to {Repository.Display} (the shared deploy locks live there, " +
            "beside the release ledger); a shared environment is never deployed without its lock");

    private async Task EnsureCacheAsync(CancellationToken ct)
    {
        if (Directory.Exists(_cache)) return;
        // Made aside and moved into place, so a run racing here never sees a half-made repository.
        var staging = $"{_cache}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(_cache)!);
        try
        {
            (await GitRunner.RunAsync(["init", "-q", "--bare", staging], cancellationToken: ct))
                .EnsureSuccess(fix: $"check that the state folder {Path.GetDirectoryName(_cache)} is writable");
            try { Directory.Move(staging, _cache); }
            catch (IOException) when (Directory.Exists(_cache)) { } // another run made it first
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private Task<ProcessResult> GitAsync(CancellationToken ct, params string[] args) =>
        GitRunner.RunAsync(["-C", _cache, .. args], cancellationToken: ct);

    private static readonly GitIdentity Committer = new("Slipway deploy lock", "slipway-lock@localhost");
}
