using System.Security.Cryptography;
using System.Text;

namespace Slipway.Trigger;

/// <summary>Checks an <c>Authorization: Bearer</c> header against the server's token in constant time.</summary>
public sealed class BearerToken
{
    private readonly byte[] _expectedHash;

    /// <param name="token">The secret; at least 16 characters so it cannot be guessed.</param>
    public BearerToken(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length < 16)
            throw Diagnostics.SlipwayException.Input("--serve-token", "the token is missing or shorter than 16 characters",
                $"set {TriggerServer.TokenVariable} (or --serve-token) to a long random value, e.g. from `openssl rand -hex 32`");
        _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>True when <paramref name="authorizationHeader"/> is <c>Bearer &lt;the token&gt;</c>.</summary>
    public bool Accepts(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        // Hashing first makes the comparison independent of the presented token's length.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expectedHash);
    }
}
