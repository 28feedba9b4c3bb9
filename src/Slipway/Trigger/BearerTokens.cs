using System.Security.Cryptography;
using System.Text;
using Slipway.Diagnostics;

namespace Slipway.Trigger;

/// <summary>
/// The tokens the trigger API accepts, each bound to an actor: an <c>Authorization: Bearer</c> header is mapped to the
/// actor whose token it carries, in constant time. Only SHA-256 hashes of the tokens are kept.
/// </summary>
public sealed class BearerTokens
{
    /// <summary>The actor of the single <c>--serve-token</c>.</summary>
    public const string SingleTokenActor = "trigger";

    private readonly IReadOnlyList<(string Actor, byte[] Hash)> _tokens;

    private BearerTokens(IReadOnlyList<(string Actor, byte[] Hash)> tokens) => _tokens = tokens;

    /// <summary>The actors that have a token, for the start message (never the tokens).</summary>
    public IEnumerable<string> Actors => _tokens.Select(t => t.Actor);

    /// <summary>
    /// <paramref name="token"/> (when given) as the actor <see cref="SingleTokenActor"/>, plus every line of
    /// <paramref name="tokensFile"/> (when given); at least one of them is needed.
    /// </summary>
    public static BearerTokens From(string? token, string? tokensFile)
    {
        var tokens = new List<(string Actor, byte[] Hash)>();
        if (token is not null) tokens.Add((SingleTokenActor, HashOf(token)));
        if (tokensFile is not null) tokens.AddRange(TriggerTokensFile.Read(tokensFile));
        if (tokens.Count == 0)
            throw SlipwayException.Input("--serve-token", "the trigger API has no token: every request would be refused",
                $"set {TriggerServer.TokenVariable} (or --serve-token), or give --serve-tokens-file with one 'actor: sha256:<hash of the token>' line per actor");
        var shared = tokens.GroupBy(t => Convert.ToHexString(t.Hash)).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
            throw SlipwayException.Input(tokensFile ?? "--serve-token", $"the actors {string.Join(" and ", shared.Select(t => t.Actor))} have the same token",
                "give every actor a token of their own, or the ledger cannot tell who acted");
        return new BearerTokens(tokens);
    }

    /// <summary>The single token <paramref name="token"/>, as the actor <see cref="SingleTokenActor"/>.</summary>
    public static BearerTokens Single(string token) => From(token, null);

    /// <summary>SHA-256 of a plain token, after checking it is long enough not to be guessed.</summary>
    private static byte[] HashOf(string token)
    {
        if (token.Length < 16)
            throw SlipwayException.Input("--serve-token", "the token is missing or shorter than 16 characters",
                $"set {TriggerServer.TokenVariable} (or --serve-token) to a long random value, e.g. from `openssl rand -hex 32`");
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>The actor whose token <paramref name="authorizationHeader"/> (<c>Bearer &lt;token&gt;</c>) carries, or null.</summary>
    public string? ActorOf(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        // Hashing first makes each comparison independent of the presented token's length; every token is compared,
        // so the time does not say which actor's token came close either.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[scheme.Length..].Trim()));
        string? actor = null;
        foreach (var (name, hash) in _tokens)
            if (CryptographicOperations.FixedTimeEquals(presented, hash)) actor = name;
        return actor;
    }
}
