using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Source;

/// <summary>
/// Turns a failed clone or fetch whose cause is the repository's access settings (an unknown or changed host key,
/// a refused deploy key, a refused token, an unknown CA) into an error naming the repository and the catalog key to fix.
/// </summary>
internal static class GitAccessFailure
{
    /// <summary>The error for <paramref name="result"/>, or null when its cause is not an access setting.</summary>
    public static SlipwayException? Explain(ProcessResult result, RepositoryLocation repository, GitAccess access)
    {
        var output = string.Join('\n', result.StandardError.Concat(result.StandardOutput));
        bool Says(string text) => output.Contains(text, StringComparison.OrdinalIgnoreCase);
        var repo = repository.Display;
        var key = access.CatalogKey;

        if (Says("Host key verification failed") || Says("host key is known for") || Says("REMOTE HOST IDENTIFICATION HAS CHANGED"))
            return Error(result, access, $"{key}.knownHostsFile",
                $"the SSH host key of {repo}'s server is not the one pinned in " + (access.KnownHostsFile is { } kh ? $"'{kh}'" : "the known_hosts file"),
                "add the server's host key to that file: ssh-keyscan [-p PORT] HOST, compared with the fingerprint the server's administrator gives you");
        if (Says("UNPROTECTED PRIVATE KEY FILE"))
            return Error(result, access, $"{key}.sshKeyFile", $"ssh ignores the deploy key '{access.SshKeyFile}' because others may read it",
                $"chmod 600 '{access.SshKeyFile}'");
        if (Says("Permission denied (publickey") || Says("Permission denied, please try again"))
            return Error(result, access, $"{key}.sshKeyFile",
                $"{repo}'s server refused the deploy key" + (access.SshKeyFile is { } k ? $" '{k}'" : ""),
                "register its public key (ssh-keygen -y -f KEY) as a deploy key of the repository, or point sshKeyFile at the registered one");
        if (access.TokenEnv is not null && (Says("Authentication failed") || Says("returned error: 401") || Says("returned error: 403")))
            return Error(result, access, $"{key}.tokenEnv", $"{repo} refused the token in ${access.TokenEnv}",
                $"set {access.TokenEnv} to a token that may read the repository (user '{access.TokenUser}'; set tokenUser if the server wants another)");
        if (Says("server certificate verification failed") || Says("SSL certificate problem"))
            return Error(result, access, $"{key}.caFile", $"git does not trust the TLS certificate of {repo}'s server",
                "set caFile to the PEM file of the CA that signed the server's certificate");
        return null;
    }

    private static SlipwayException Error(ProcessResult result, GitAccess access, string catalogKey, string problem, string fix)
    {
        var lines = result.StandardError.Where(l => l.Trim().Length > 0).TakeLast(3).Select(l => Redactor.Redact(l, access.Secrets));
        return SlipwayException.Input(catalogKey, $"{problem} (git said: {string.Join(" / ", lines)})", fix);
    }
}
