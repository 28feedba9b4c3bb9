using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>
/// Turns a catalog <see cref="CredentialsRef"/> (names of environment variables / files) into values.
/// Error messages name the variable or file, never the value.
/// </summary>
public sealed class CredentialResolver
{
    private readonly Func<string, string?> _getEnv;

    /// <summary>Reads the process environment.</summary>
    public CredentialResolver() : this(Environment.GetEnvironmentVariable) { }

    /// <summary>Reads variables through <paramref name="getEnv"/> (tests).</summary>
    public CredentialResolver(Func<string, string?> getEnv) => _getEnv = getEnv;

    /// <summary>
    /// Resolves <paramref name="reference"/>; null when it is null (anonymous access).
    /// Username: <c>usernameEnv</c> if set, else literal <c>username</c>. Password: <c>passwordEnv</c>, else <c>passwordFile</c>
    /// (trailing newline trimmed). <paramref name="owner"/> names the catalog entry in error messages.
    /// </summary>
    public RegistryCredentials? Resolve(CredentialsRef? reference, string owner = "registry")
    {
        if (reference is null) return null;
        string? user = reference.UsernameEnv is { Length: > 0 } ue
            ? Require(_getEnv(ue), $"{owner}: environment variable {ue} (credentials.usernameEnv)", $"export {ue}=<user>")
            : reference.Username;
        if (string.IsNullOrEmpty(user))
            throw SlipwayException.Input($"{owner}: credentials", "no username", "set credentials.usernameEnv or credentials.username");

        string password;
        if (reference.PasswordEnv is { Length: > 0 } pe)
            password = Require(_getEnv(pe), $"{owner}: environment variable {pe} (credentials.passwordEnv)", $"export {pe}=<password>");
        else if (reference.PasswordFile is { Length: > 0 } pf)
        {
            if (!File.Exists(pf))
                throw SlipwayException.Input($"{owner}: password file {pf} (credentials.passwordFile)", "does not exist", "create it or fix the path");
            password = Require(File.ReadAllText(pf).TrimEnd('\r', '\n'), $"{owner}: password file {pf}", "write the password into it");
        }
        else
            throw SlipwayException.Input($"{owner}: credentials", "no password source", "set credentials.passwordEnv or credentials.passwordFile");
        return new RegistryCredentials(user, password);
    }

    private static string Require(string? value, string input, string fix) =>
        string.IsNullOrEmpty(value) ? throw SlipwayException.Input(input, "is not set or empty", fix) : value;
}
