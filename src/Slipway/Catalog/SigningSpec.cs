namespace Slipway.Catalog;

/// <summary>
/// Image signing (catalog "signing", at the top level as the default and per environment): the key Push and Promote sign
/// with, the public keys Deploy trusts, and whether an environment refuses unsigned images. Unset fields fall back to the
/// top-level block.
/// </summary>
public sealed record SigningSpec
{
    /// <summary>Sign images pushed or promoted here (default true once a signing block exists).</summary>
    public bool? Enabled { get; init; }
    /// <summary>PEM file of the ECDSA P-256 private key; relative to the catalog.</summary>
    public string? KeyFile { get; init; }
    /// <summary>Name of the environment variable holding the private key PEM (takes precedence over keyFile).</summary>
    public string? KeyEnv { get; init; }
    /// <summary>The public keys whose signatures are accepted (several during a key rotation, each with an optional end); none: the signing key's own.</summary>
    public List<TrustedKeySpec>? TrustedKeys { get; init; }
    /// <summary>Deploy, Promote and Rollback refuse a digest without a valid signature by a trusted key.</summary>
    public bool? RequireSignature { get; init; }

    /// <summary>The environment's block over the catalog's default block; null when neither exists (signing off).</summary>
    public static SigningSpec? Effective(Catalog catalog, string environment)
    {
        var defaults = catalog.Signing;
        var own = catalog.Environments.TryGetValue(environment, out var env) ? env.Signing : null;
        if (defaults is null) return own;
        if (own is null) return defaults;
        return new SigningSpec
        {
            Enabled = own.Enabled ?? defaults.Enabled,
            KeyFile = own.KeyFile ?? (own.KeyEnv is null ? defaults.KeyFile : null),
            KeyEnv = own.KeyEnv ?? (own.KeyFile is null ? defaults.KeyEnv : null),
            TrustedKeys = own.TrustedKeys ?? defaults.TrustedKeys,
            RequireSignature = own.RequireSignature ?? defaults.RequireSignature,
        };
    }
}
