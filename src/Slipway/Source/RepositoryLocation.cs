using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Slipway.Diagnostics;

namespace Slipway.Source;

/// <summary>
/// A git repository given as a URL (https://, ssh://, file://, git@host:path) or a local folder.
/// Local folders are made absolute (against the current folder; callers resolve catalog-relative paths first).
/// </summary>
/// <param name="GitArgument">What is passed to git: the URL unchanged, or the absolute local path.</param>
/// <param name="IsLocal">True for a local folder.</param>
/// <param name="Display">For logs: the URL with any password/token replaced by ***.</param>
/// <param name="Secrets">Credential values embedded in the URL, to redact from logs and errors.</param>
public sealed partial record RepositoryLocation(string GitArgument, bool IsLocal, string Display, IReadOnlyList<string> Secrets)
{
    /// <summary>Parses and checks a repository; throws a <see cref="SlipwayException"/> naming <paramref name="inputName"/>.</summary>
    public static RepositoryLocation Parse(string? repository, string inputName = "repository")
    {
        const string fix = "set the service repository to a git URL (https://host/org/repo.git, git@host:org/repo.git) or a local folder";
        if (string.IsNullOrWhiteSpace(repository)) throw SlipwayException.Input(inputName, "it is empty", fix);
        if (repository.Any(c => c < 0x20 || c == 0x7f)) throw SlipwayException.Input(inputName, "it contains a control character", fix);
        if (repository.StartsWith('-')) throw SlipwayException.Input(inputName, $"'{repository}' starts with '-' (it would be read as an option)", fix);
        if (RemoteHelper().IsMatch(repository)) throw SlipwayException.Input(inputName, $"'{repository}' uses a git remote-helper transport (<transport>::<address>), which Slipway does not allow", fix);

        if (!IsUrl(repository))
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repository));
            return new RepositoryLocation(full, true, full, []);
        }

        var secrets = new List<string>();
        var display = repository;
        var m = UserInfo().Match(repository);
        if (m.Success && m.Groups["secret"].Success && m.Groups["secret"].Value.Length > 0)
        {
            secrets.Add(m.Groups["secret"].Value);
            display = repository.Replace(":" + m.Groups["secret"].Value + "@", ":***@", StringComparison.Ordinal);
        }
        return new RepositoryLocation(repository, false, display, secrets);
    }

    /// <summary>
    /// The mirror folder name: a readable slug of the last path part plus 12 hex digits of SHA-256 of
    /// <see cref="GitArgument"/>, e.g. <c>order-service-3fa2c91b07de.git</c>. Same repository, same folder.
    /// </summary>
    public string MirrorFolderName
    {
        get
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GitArgument)))[..12];
            var last = GitArgument.TrimEnd('/', '\\').Split('/', '\\', ':').LastOrDefault() ?? "";
            if (last.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) last = last[..^4];
            var slug = NonSlug().Replace(last.ToLowerInvariant(), "-").Trim('-', '.');
            if (slug.Length > 40) slug = slug[..40].TrimEnd('-', '.');
            return (slug.Length == 0 ? "repo" : slug) + "-" + hash + ".git";
        }
    }

    /// <summary>URL forms git understands: scheme://..., or scp-like [user@]host:path (not a Windows drive letter).</summary>
    private static bool IsUrl(string s)
    {
        if (s.Contains("://")) return true;
        var colon = s.IndexOf(':');
        if (colon <= 0) return false;
        var slash = s.IndexOfAny(['/', '\\']);
        if (slash >= 0 && slash < colon) return false;
        return !(colon == 1 && char.IsAsciiLetter(s[0]));
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*://(?<user>[^/@:]*)(:(?<secret>[^/@]*))?@")]
    private static partial Regex UserInfo();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*::")]
    private static partial Regex RemoteHelper();

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex NonSlug();
}
