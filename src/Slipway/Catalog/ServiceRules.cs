namespace Slipway.Catalog;

/// <summary>Per-service checks: environment and base image references, branch name, build type/module pairing.</summary>
internal static class ServiceRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, service) in catalog.Services)
        {
            foreach (var environment in service.Environments.Keys.Where(e => !catalog.Environments.ContainsKey(e)))
                yield return new CatalogProblem(CatalogPath.Of("services", name, "environments", environment),
                    $"unknown environment '{environment}'",
                    $"use one of: {CatalogValidator.List(catalog.Environments.Keys)}");
            if (service.BaseImage is { } baseImage && !catalog.BaseImages.ContainsKey(baseImage))
                yield return BaseImageRules.UnknownBaseImage(catalog, CatalogPath.Of("services", name, "baseImage"), baseImage);
            if (NameSyntax.GitBranchProblem(service.Branch) is { } branchProblem)
                yield return new CatalogProblem(CatalogPath.Of("services", name, "branch"),
                    $"invalid git branch name '{service.Branch}': it {branchProblem}",
                    "use a name git accepts (see git check-ref-format), e.g. \"develop\"");
            foreach (var problem in BuildProblems(name, service.Build))
                yield return problem;
            foreach (var problem in RepositoryAuthProblems(name, service))
                yield return problem;
        }
    }

    /// <summary>SSH settings only for SSH URLs and always as a pair; token and CA only for http(s) URLs.</summary>
    private static IEnumerable<CatalogProblem> RepositoryAuthProblems(string service, ServiceSpec spec)
    {
        if (spec.RepositoryAuth is not { } auth) yield break;
        var url = spec.Repository;
        var isHttp = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        var isSsh = url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || ScpLike(url);
        string Path(string key) => CatalogPath.Of("services", service, "repositoryAuth", key);
        if ((auth.SshKeyFile is not null || auth.KnownHostsFile is not null) && !isSsh)
            yield return new CatalogProblem(Path(auth.SshKeyFile is not null ? "sshKeyFile" : "knownHostsFile"),
                $"SSH settings for a repository that is not reached over SSH ('{url}')",
                "use a git@host:path.git or ssh:// repository, or remove sshKeyFile and knownHostsFile");
        else if (auth.SshKeyFile is null != auth.KnownHostsFile is null)
            yield return new CatalogProblem(Path(auth.SshKeyFile is null ? "sshKeyFile" : "knownHostsFile"),
                "sshKeyFile and knownHostsFile go together (the deploy key, and the server's pinned host key for strict checking)",
                auth.SshKeyFile is null ? "set sshKeyFile to the deploy key's private key file" : "set knownHostsFile to a known_hosts file holding the server's host key (ssh-keyscan)");
        if ((auth.TokenEnv is not null || auth.TokenUser is not null || auth.CaFile is not null) && !isHttp)
            yield return new CatalogProblem(Path(auth.TokenEnv is not null ? "tokenEnv" : auth.TokenUser is not null ? "tokenUser" : "caFile"),
                $"HTTPS settings for a repository that is not reached over HTTP(S) ('{url}')",
                "use an https:// repository, or remove tokenEnv, tokenUser and caFile");
        if (auth.TokenUser is not null && auth.TokenEnv is null)
            yield return new CatalogProblem(Path("tokenUser"), "tokenUser without tokenEnv", "set tokenEnv to the variable holding the token, or remove tokenUser");
    }

    /// <summary>git's scp-like form [user@]host:path (not a local path, not a URL with a scheme).</summary>
    private static bool ScpLike(string url)
    {
        if (url.Contains("://", StringComparison.Ordinal)) return false;
        var colon = url.IndexOf(':');
        var slash = url.IndexOf('/');
        return colon > 1 && (slash < 0 || slash > colon);
    }

    private static IEnumerable<CatalogProblem> BuildProblems(string service, BuildSpec build)
    {
        var modulePath = CatalogPath.Of("services", service, "build", "module");
        if (build.Type == "module" && string.IsNullOrWhiteSpace(build.Module))
            yield return new CatalogProblem(modulePath,
                "build type 'module' requires 'module'",
                "set \"module\" to the Maven module to build (mvn install -pl <module> -am), or use \"type\": \"single\"");
        if (build.Type == "single" && build.Module is not null)
            yield return new CatalogProblem(modulePath,
                "build type 'single' must not set 'module'",
                "remove \"module\", or use \"type\": \"module\" to build one module of a multi-module project");
        for (var i = 0; i < build.Repositories.Count; i++)
        {
            var repository = build.Repositories[i];
            if (repository.UsernameEnv is null != repository.PasswordEnv is null)
                yield return new CatalogProblem(CatalogPath.Of("services", service, "build", "repositories", i, repository.UsernameEnv is null ? "usernameEnv" : "passwordEnv"),
                    "usernameEnv and passwordEnv go together", "name both environment variables, or neither for a repository without authentication");
            if (build.Repositories.Take(i).Any(r => r.Id == repository.Id))
                yield return new CatalogProblem(CatalogPath.Of("services", service, "build", "repositories", i, "id"),
                    $"repository id '{repository.Id}' is used twice", "give each repository its own id");
        }
        if (build.Type is not ("single" or "module"))
            yield return new CatalogProblem(CatalogPath.Of("services", service, "build", "type"),
                $"unknown build type '{build.Type}'", "use one of: single, module");
    }
}
