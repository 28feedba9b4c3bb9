using System.Security.Cryptography;
using System.Text;
using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Source;

namespace Slipway.Releases;

/// <summary>
/// The ledger of shared environments: &lt;environment&gt;.jsonl files in a git repository branch. An append fetches,
/// resets a private clone to the remote branch, appends the line, commits and pushes; when another run pushed first
/// (non-fast-forward) it starts over from the new tip, so no entry is lost. A file lock serializes runs sharing the clone.
/// </summary>
public sealed class GitLedger : IReleaseLedger
{
    private const int MaxAttempts = 12;
    private readonly RepositoryLocation _repository;
    private readonly string _branch;
    private readonly string _clone;

    /// <summary>A ledger in <paramref name="repository"/> (any git URL or path) on <paramref name="branch"/>, cloned under <paramref name="cacheRoot"/>.</summary>
    public GitLedger(string repository, string branch, string cacheRoot)
    {
        _repository = RepositoryLocation.Parse(repository, "ledger repository");
        _branch = branch;
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_repository.GitArgument + "\n" + branch)))[..16];
        _clone = Path.Combine(cacheRoot, id);
    }

    public string Location => $"{_repository.Display} (branch {_branch})";

    public async Task AppendAsync(LedgerEntry entry, CancellationToken ct = default)
    {
        await using var _ = await LockAsync(ct);
        await EnsureCloneAsync(ct);
        var file = entry.Environment + ".jsonl";
        string? lastError = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var tip = await ResetToRemoteAsync(ct);
            var path = Path.Combine(_clone, file);
            var last = File.Exists(path) ? LedgerChain.LastLine(await File.ReadAllTextAsync(path, ct)) : null;
            await File.AppendAllTextAsync(path, LedgerChain.Link(entry, last) + "\n", ct);
            await GitAsync(ct, "add", "--", file);
            await GitAsync(ct, "commit", "-q", "-m", $"ledger: {entry.Action} {entry.Service} to {entry.Environment} {entry.Result}");
            var push = await RunGitAsync(ct, "push", "-q", "origin", $"HEAD:refs/heads/{_branch}");
            if (push.Succeeded) return;
            lastError = push.StandardErrorText;
            if (!IsRace(lastError))
                throw push.ToException(_repository.Secrets, fix: $"check access to the ledger repository {Location}");
            // Someone pushed since our fetch (tip was {tip}): back off with jitter and append on top of theirs.
            await Task.Delay(Random.Shared.Next(20, 100 * attempt), ct);
        }
        throw new SlipwayException($"Release ledger {Location}: push still rejected after {MaxAttempts} attempts ({lastError}). " +
                                   "Fix: check for a run stuck pushing, then run again");
    }

    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string environment, CancellationToken ct = default) =>
        (await ReadLinesAsync(environment, ct)).Select(LedgerEntry.FromJsonLine).OfType<LedgerEntry>().ToList();

    public async Task<IReadOnlyList<string>> ReadLinesAsync(string environment, CancellationToken ct = default)
    {
        await using var _ = await LockAsync(ct);
        await EnsureCloneAsync(ct);
        if (await ResetToRemoteAsync(ct) is null) return [];
        var path = Path.Combine(_clone, environment + ".jsonl");
        return File.Exists(path) ? LedgerChain.Lines(await File.ReadAllTextAsync(path, ct)) : [];
    }

    /// <summary>
    /// The remote branch's tip commit, from <c>git ls-remote</c>: nothing is fetched or written, so a dry run may ask.
    /// Null while the branch does not exist.
    /// </summary>
    public async Task<string?> RemoteTipAsync(CancellationToken ct = default)
    {
        var listed = await GitRunner.RunAsync(["ls-remote", _repository.GitArgument, $"refs/heads/{_branch}"], cancellationToken: ct);
        listed.EnsureSuccess(_repository.Secrets, fix: $"check that this machine may read the ledger repository {Location}");
        var line = listed.StandardOutputText.Trim();
        return line.Length == 0 ? null : line.Split('\t')[0];
    }

    /// <summary>
    /// The entries of <paramref name="environment"/> as they were at <paramref name="commit"/> (a tip <see cref="RemoteTipAsync"/>
    /// returned), after fetching; null when the branch's history no longer has that commit.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>?> ReadAtAsync(string environment, string commit, CancellationToken ct = default)
    {
        await using var _ = await LockAsync(ct);
        await EnsureCloneAsync(ct);
        await ResetToRemoteAsync(ct);
        if (!(await RunGitAsync(ct, "cat-file", "-e", commit + "^{commit}")).Succeeded) return null;
        var file = await RunGitAsync(ct, "show", $"{commit}:{environment}.jsonl");
        return file.Succeeded ? file.StandardOutputText.Split('\n').Select(LedgerEntry.FromJsonLine).OfType<LedgerEntry>().ToList() : [];
    }

    private static bool IsRace(string stderr) =>
        stderr.Contains("non-fast-forward") || stderr.Contains("fetch first") || stderr.Contains("[rejected]") ||
        stderr.Contains("cannot lock ref") || stderr.Contains("failed to update ref");

    /// <summary>Points the clone's branch at the remote tip (or an empty unborn branch); returns the tip, null when the branch does not exist yet.</summary>
    private async Task<string?> ResetToRemoteAsync(CancellationToken ct)
    {
        await GitAsync(ct, "fetch", "-q", "--prune", "origin");
        var tip = await RunGitAsync(ct, "rev-parse", "--verify", "-q", $"refs/remotes/origin/{_branch}");
        if (tip.Succeeded)
        {
            await GitAsync(ct, "checkout", "-q", "-f", "-B", _branch, $"refs/remotes/origin/{_branch}");
            await GitAsync(ct, "clean", "-q", "-fdx");
            return tip.StandardOutputText.Trim();
        }
        // First entry ever: start the branch from nothing.
        await GitAsync(ct, "symbolic-ref", "HEAD", $"refs/heads/{_branch}");
        await RunGitAsync(ct, "update-ref", "-d", $"refs/heads/{_branch}");
        await GitAsync(ct, "read-tree", "--empty");
        await GitAsync(ct, "clean", "-q", "-fdx");
        return null;
    }

    private async Task EnsureCloneAsync(CancellationToken ct)
    {
        if (Directory.Exists(Path.Combine(_clone, ".git"))) return;
        if (Directory.Exists(_clone)) Directory.Delete(_clone, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(_clone)!);
        var clone = await GitRunner.RunAsync(["clone", "-q", "--no-checkout", _repository.GitArgument, _clone], cancellationToken: ct);
        clone.EnsureSuccess(_repository.Secrets, fix: $"check that the ledger repository {Location} exists and this machine may read and push it");
    }

    private async Task<IAsyncDisposable> LockAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_clone)!);
        var path = _clone + ".lock";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { await Task.Delay(Random.Shared.Next(5, 40), ct); }
        }
    }

    private static readonly GitIdentity Committer = new("Slipway ledger", "slipway-ledger@localhost");

    private Task<ProcessResult> RunGitAsync(CancellationToken ct, params string[] args) =>
        GitRunner.RunAsync(["-C", _clone, .. args], Committer, cancellationToken: ct);

    private async Task GitAsync(CancellationToken ct, params string[] args) =>
        (await RunGitAsync(ct, args)).EnsureSuccess(fix: $"check the ledger clone {_clone} and the repository {Location}");
}
