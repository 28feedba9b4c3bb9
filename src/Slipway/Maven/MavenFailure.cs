using System.Text.RegularExpressions;
using Slipway.Catalog;

namespace Slipway.Maven;

/// <summary>
/// Reads why Maven could not resolve an artifact from its [ERROR] lines: a repository that refused the credentials
/// (401/403), or an artifact no repository has. Null when the failure is something else (a compile error...).
/// </summary>
public static partial class MavenFailure
{
    public static string? Explain(string service, IReadOnlyList<string> errorLines, IReadOnlyList<MavenRepositorySpec> repositories)
    {
        foreach (var line in errorLines)
        {
            var refused = Refused().Match(line);
            if (refused.Success)
            {
                var id = refused.Groups["repo"].Value;
                var index = repositories.ToList().FindIndex(r => r.Id == id);
                var where = index < 0 ? $"repository '{id}'" : $"services.{service}.build.repositories[{index}] ('{id}', {repositories[index].Url})";
                var variables = index < 0 ? "" : $" from ${repositories[index].UsernameEnv} and ${repositories[index].PasswordEnv}";
                return $"{where} refused the credentials{variables} ({refused.Groups["status"].Value}) while fetching {refused.Groups["artifact"].Value}. " +
                       "Fix: set those variables to a user and password (or token) that may read the repository";
            }
            var missing = Missing().Match(line);
            if (missing.Success)
                return $"the artifact {missing.Groups["artifact"].Value} is in none of the repositories the build reads " +
                       $"({string.Join(", ", repositories.Select(r => $"{r.Id} {r.Url}").DefaultIfEmpty("the settings' own"))}). " +
                       "Fix: publish it there, or correct the dependency's groupId:artifactId:version in the pom";
        }
        return null;
    }

    // Maven 3.8: "Could not transfer artifact g:a:pom:1.0 from/to corp (http://...): authentication failed for ..., status: 401 Unauthorized"
    [GeneratedRegex(@"Could not transfer artifact (?<artifact>\S+) from/to (?<repo>\S+) \([^)]*\):.*?(status(?: code)?:? (?<status>40[13])[^,;)]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Refused();

    // "Could not find artifact g:a:jar:1.0 in corp (http://...)", or "g:a:jar:1.0 was not found in http://... during a previous attempt"
    [GeneratedRegex(@"(Could not find artifact (?<artifact>\S+)|(?<artifact>[\w.-]+:[\w.-]+:[\w.-]+(:[\w.-]+)*) was not found in)")]
    private static partial Regex Missing();
}
