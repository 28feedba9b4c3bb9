using System.Text.RegularExpressions;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Source;

/// <summary>
/// How git reaches a service repository, from the catalog's <c>repositoryAuth</c>: a deploy key and a known_hosts file
/// for SSH (strict host key checking, no prompt, no other key), a token from an environment variable for HTTPS
/// (given to git by a credential helper that reads the variable, so the token is in no argument, config file or log),
/// and a CA file for an HTTPS server with a private CA. Paths are absolute (resolved against the catalog).
/// </summary>
/// <param name="CatalogKey">Where these settings are in the catalog (e.g. <c>services.nce-api.repositoryAuth</c>), for errors.</param>
public sealed partial record GitAccess(
    string CatalogKey,
    string? SshKeyFile = null,
    string? KnownHostsFile = null,
    string? TokenEnv = null,
    string TokenUser = GitAccess.DefaultTokenUser,
    string? CaFile = null)
{
    /// <summary>The user name sent with a token: GitHub's for token logins; GitLab and Gitea accept any name with a token.</summary>
    public const string DefaultTokenUser = "x-access-token";

    /// <summary>No settings: git uses the user's own ssh configuration and credential helpers.</summary>
    public static GitAccess Default(string catalogKey = "repositoryAuth") => new(catalogKey);

    /// <summary>True when the token variable names a valid environment variable name.</summary>
    public static bool IsVariableName(string name) => VariableName().IsMatch(name);

    /// <summary>The token's value, to redact from every line git prints; empty without a token.</summary>
    public IReadOnlyList<string> Secrets =>
        TokenEnv is not null && Environment.GetEnvironmentVariable(TokenEnv) is { Length: > 0 } token ? [token] : [];

    /// <summary>Checks, before any git call, that the files exist and the token variable is set.</summary>
    /// <exception cref="SlipwayException">Naming the catalog key to fix.</exception>
    public void EnsureUsable(RepositoryLocation repository)
    {
        RequireFile(SshKeyFile, "sshKeyFile", "the deploy key (private key) of " + repository.Display);
        RequireFile(KnownHostsFile, "knownHostsFile", $"a known_hosts file pinning the host key of {repository.Display}'s server");
        RequireFile(CaFile, "caFile", $"the PEM file of the CA that signed {repository.Display}'s server certificate");
        if (TokenEnv is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TokenEnv)))
            throw SlipwayException.Input($"{CatalogKey}.tokenEnv", $"the environment variable {TokenEnv} that holds the token for {repository.Display} is not set",
                $"export {TokenEnv} with a token that may read the repository");
    }

    /// <summary>The config and variables git gets for this repository (no secret in them).</summary>
    public GitExtras Extras()
    {
        var config = new List<KeyValuePair<string, string>>();
        var variables = new Dictionary<string, string>();
        if (SshKeyFile is not null || KnownHostsFile is not null)
            variables["GIT_SSH_COMMAND"] = SshCommand();
        if (TokenEnv is not null)
        {
            config.Add(KeyValuePair.Create("credential.helper", "")); // the empty value drops the user's helpers
            config.Add(KeyValuePair.Create("credential.helper", CredentialHelper()));
        }
        if (CaFile is not null) variables["GIT_SSL_CAINFO"] = CaFile; // the variable, as it outranks http.sslCAInfo and may be set already
        return new GitExtras(config, variables);
    }

    /// <summary>ssh with only the catalog's key and known_hosts: no prompt, no agent key, no other known_hosts file.</summary>
    private string SshCommand()
    {
        var parts = new List<string> { "ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes" };
        if (KnownHostsFile is not null)
            parts.AddRange(["-o", "UserKnownHostsFile=" + KnownHostsFile, "-o", "GlobalKnownHostsFile=/dev/null"]);
        if (SshKeyFile is not null) parts.AddRange(["-o", "IdentitiesOnly=yes", "-i", SshKeyFile]);
        return string.Join(' ', parts.Select(ShellQuoting.Quote));
    }

    /// <summary>A shell helper that answers git's "get" with the user and the variable's value, read when git asks.</summary>
    private string CredentialHelper() =>
        $"!f() {{ test \"$1\" = get || exit 0; printf 'username=%s\\npassword=%s\\n' {ShellQuoting.Quote(TokenUser)} \"${TokenEnv}\"; }}; f";

    private void RequireFile(string? path, string key, string what)
    {
        if (path is null) return;
        if (!File.Exists(path))
            throw SlipwayException.Input($"{CatalogKey}.{key}", $"'{path}' does not exist", $"point it at {what} (paths are relative to the catalog)");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
