using System.Security.Cryptography;
using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Signing;

/// <summary>
/// An environment's signing settings resolved against the catalog folder and the state folder: which private key signs
/// (keyEnv, keyFile, else this machine's <see cref="LocalSigningKey"/>), which public keys are trusted, and whether an
/// unsigned image is refused.
/// </summary>
public sealed class SigningConfig
{
    private readonly SigningSpec _spec;
    private readonly string _catalogDirectory;
    private readonly string _stateRoot;

    private SigningConfig(string environment, SigningSpec spec, string catalogDirectory, string stateRoot)
    {
        Environment = environment;
        _spec = spec;
        _catalogDirectory = catalogDirectory;
        _stateRoot = stateRoot;
    }

    /// <summary>The environment's name.</summary>
    public string Environment { get; }

    /// <summary>Images pushed or promoted into this environment are signed.</summary>
    public bool Signs => _spec.Enabled ?? true;

    /// <summary>Deploy, Promote and Rollback refuse an image without a valid trusted signature.</summary>
    public bool RequiresSignature => _spec.RequireSignature ?? false;

    /// <summary>True when the key is this machine's generated one.</summary>
    public bool UsesLocalKey => _spec.KeyEnv is null && _spec.KeyFile is null;

    /// <summary>Where the private key comes from, for messages (never the key itself).</summary>
    public string KeySource =>
        _spec.KeyEnv is { } env ? $"environment variable {env}"
        : _spec.KeyFile is { } file ? $"key file {Resolve(file)}"
        : $"this machine's local key {LocalSigningKey.PrivatePath(_stateRoot)}";

    /// <summary>The environment's settings, or null when the catalog has no signing block for it.</summary>
    public static SigningConfig? For(Catalog.Catalog catalog, string environment, string stateRoot) =>
        SigningSpec.Effective(catalog, environment) is { } spec ? new SigningConfig(environment, spec, catalog.BaseDirectory, stateRoot) : null;

    /// <summary>The private key (the local one is generated on first use). Dispose it.</summary>
    public ECDsa LoadPrivateKey(IBuildLog log)
    {
        string pem;
        var setting = $"environments.{Environment}.signing";
        if (_spec.KeyEnv is { } env)
        {
            pem = System.Environment.GetEnvironmentVariable(env) is { Length: > 0 } value ? value
                : throw SlipwayException.Input($"{setting}.keyEnv {env}", "is not set on this machine",
                    $"export {env} with the PEM private key, or remove keyEnv to sign with this machine's local key");
        }
        else
        {
            var path = _spec.KeyFile is { } file ? Resolve(file) : LocalSigningKey.PrivatePath(_stateRoot);
            if (_spec.KeyFile is null) LocalSigningKey.Ensure(_stateRoot, log);
            if (!File.Exists(path))
                throw SlipwayException.Input($"{setting}.keyFile '{path}'", "does not exist", "point it at the PEM private key, or remove it to use this machine's local key");
            pem = File.ReadAllText(path);
        }
        var key = PemKeys.ImportPrivate(pem, $"the signing key ({KeySource})");
        try
        {
            key.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw SlipwayException.Input($"the signing key ({KeySource})", "is a public key", "give the private key; list public keys in signing.trustedKeys");
        }
        return key;
    }

    /// <summary>The trusted public keys at <paramref name="now"/>: trustedKeys (those past their notAfter marked expired), else the signing key's own.</summary>
    public IReadOnlyList<TrustedKey> TrustedKeys(IBuildLog log, DateTimeOffset now)
    {
        if (_spec.TrustedKeys is { Count: > 0 } entries)
            return entries.Select(e => TrustedKey.FromPemFile(Resolve(e.File), $"environments.{Environment}.signing.trustedKeys") with
            {
                Expired = e.NotAfter is { } end && end <= now ? end : null,
            }).ToList();
        if (UsesLocalKey)
        {
            LocalSigningKey.Ensure(_stateRoot, log);
            return [TrustedKey.FromPemFile(LocalSigningKey.PublicPath(_stateRoot), "the local public key")];
        }
        var own = LoadPrivateKey(log);
        var pub = ECDsa.Create(own.ExportParameters(includePrivateParameters: false));
        own.Dispose();
        return [new TrustedKey($"the public half of {KeySource}", pub)];
    }

    private string Resolve(string path) => Path.GetFullPath(path, _catalogDirectory);
}
