using System.Net;

namespace Slipway.Registry;

/// <summary>The registry that answered, as error messages name it.</summary>
/// <param name="Name">The catalog's name for it (e.g. <c>local</c>), or its host.</param>
/// <param name="CatalogEntry">Where it is configured, e.g. "the catalog's registries.local".</param>
/// <param name="HasCredentials">Whether the client sends credentials.</param>
internal sealed record AnsweringRegistry(string Name, string CatalogEntry, bool HasCredentials);

/// <summary>What a registry's error answer means for the user: the cause and the fix, appended to the status it gave.</summary>
internal static class RegistryFailureHint
{
    /// <param name="response">The answer; its request tells whether a granted token was refused.</param>
    /// <param name="registry">Who answered.</param>
    /// <param name="noStorageLeft">The registry's words for a full storage (<see cref="StorageFull.Evidence"/>), or null.</param>
    public static string For(HttpResponseMessage response, AnsweringRegistry registry, string? noStorageLeft)
    {
        if (noStorageLeft is not null)
            return $": registry '{registry.Name}' has no storage left ({noStorageLeft}). " +
                   "Fix: free space on the registry's disk or prune images (delete old tags, then run the registry's garbage collection)";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when response.RequestMessage?.Options.TryGetValue(GrantedToken.Key, out var token) == true =>
                TokenRefused(registry, token!, Challenge(response, "error"), Challenge(response, "scope")),
            HttpStatusCode.Unauthorized when registry.HasCredentials =>
                $": the registry did not accept the credentials from {registry.CatalogEntry}.credentials. " +
                "Fix: correct the user name or the password/token they point at, or renew an expired token",
            HttpStatusCode.Unauthorized =>
                $": the registry wants credentials and {registry.CatalogEntry} has none. " +
                "Fix: add a credentials block there (username or usernameEnv, and passwordEnv or passwordFile)",
            HttpStatusCode.Forbidden =>
                $": the credentials from {registry.CatalogEntry} lack permission for this repository. " +
                "Fix: grant that user pull and push on the repository, or use credentials that have it",
            _ => "",
        };
    }

    /// <summary>
    /// The registry took the token service's token and still said 401: the token lacks the scope the registry's challenge
    /// names (<paramref name="refused"/>), or the clocks disagree.
    /// </summary>
    private static string TokenRefused(AnsweringRegistry registry, GrantedToken token, string? error, string? refused)
    {
        var scopes = token.Scopes.Count == 0 ? "registry access" : string.Join(" ", token.Scopes);
        var said = error is null ? "" : $" ({error})";
        var scope = $"the token lacks the scope {refused ?? scopes}: the user has insufficient permissions on that repository";
        var skew = "the clocks of this machine, the token service and the registry disagree (clock skew), " +
                   "so the registry reads the token as expired or not yet valid";
        var causes = error == "invalid_token" ? $"Either {skew}, or {scope}" : $"Either {scope}, or {skew}";
        return $": registry '{registry.Name}' ({registry.CatalogEntry}) was granted a token for {scopes} by {token.Realm}, " +
               $"then refused it{said}. {causes}. " +
               $"Fix: grant the user of {registry.CatalogEntry}.credentials pull and push on the repository in the token service, " +
               "or sync the clocks with NTP";
    }

    /// <summary>
    /// A parameter of the 401's Bearer challenge, if any: <c>error</c> (<c>insufficient_scope</c>, <c>invalid_token</c>) or
    /// <c>scope</c> (the access the registry wanted for this request).
    /// </summary>
    private static string? Challenge(HttpResponseMessage response, string parameter) =>
        response.Headers.WwwAuthenticate
            .Where(c => c.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            .Select(c => RegistryAuthHandler.ParseParameters(c.Parameter).GetValueOrDefault(parameter))
            .FirstOrDefault(e => !string.IsNullOrEmpty(e));
}
