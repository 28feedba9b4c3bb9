namespace Slipway.Source;

/// <summary>What <see cref="GitCheckout.CheckoutAsync"/> checked out.</summary>
/// <param name="Sha">Full commit id (40 hex, 64 in a SHA-256 repository).</param>
/// <param name="ShortSha">Git's unambiguous abbreviation (at least 7 characters).</param>
/// <param name="Branch">The branch the commit was taken from (also the name of the local branch in the workspace).</param>
/// <param name="CommitTime">Committer date, in UTC.</param>
/// <param name="Author">Author as <c>Name &lt;email&gt;</c>.</param>
/// <param name="Subject">First line of the commit message.</param>
/// <param name="Repository">The repository as given (credentials in a URL masked), for logs and labels.</param>
/// <param name="WorkspacePath">Full path of the workspace: exactly the commit's tree, with a full .git.</param>
/// <param name="MirrorPath">Full path of the bare mirror the workspace was cloned from.</param>
public sealed record CheckoutResult(
    string Sha,
    string ShortSha,
    string Branch,
    DateTimeOffset CommitTime,
    string Author,
    string Subject,
    string Repository,
    string WorkspacePath,
    string MirrorPath);
