namespace Slipway.Catalog;

/// <summary>Registry URLs are bare http(s)://host[:port]; plain http and managed registries are loopback-only; a client certificate comes with its key.</summary>
internal static class RegistryRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, registry) in catalog.Registries)
        {
            var urlPath = CatalogPath.Of("registries", name, "url");
            if (!Uri.TryCreate(registry.Url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.Host.Length == 0)
            {
                yield return new CatalogProblem(urlPath, $"registry url '{registry.Url}' is not an http(s) URL", "use https://host[:port]");
                continue;
            }
            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
                yield return new CatalogProblem(urlPath,
                    $"registry url '{registry.Url}' has a path, query or user info",
                    "give only scheme, host and port (put the repository path in 'namespace', credentials in 'credentials')");
            var loopback = LoopbackHost.Is(uri.Host);
            if (uri.Scheme == "http" && !(registry.Insecure && loopback))
                yield return new CatalogProblem(urlPath,
                    $"registry url '{registry.Url}' uses plain http, which is only allowed for a loopback registry (127.0.0.1, localhost, [::1]) marked \"insecure\": true",
                    loopback ? "set \"insecure\": true" : "use https://");
            if (registry.Managed && !loopback)
                yield return new CatalogProblem(CatalogPath.Of("registries", name, "managed"),
                    $"registry '{name}' is managed but its host '{uri.Host}' is not loopback",
                    "remove \"managed\" or point the url at 127.0.0.1");
            if (string.IsNullOrEmpty(registry.CertFile) != string.IsNullOrEmpty(registry.KeyFile))
                yield return new CatalogProblem(CatalogPath.Of("registries", name, registry.CertFile is null ? "certFile" : "keyFile"),
                    $"registry '{name}' has only one of certFile and keyFile",
                    "set both, the client certificate (certFile) and its private key (keyFile), or neither");
            if (!NameSyntax.IsRepositoryPath(registry.Namespace))
                yield return new CatalogProblem(CatalogPath.Of("registries", name, "namespace"),
                    $"invalid registry namespace '{registry.Namespace}'",
                    "use a lower-case path such as \"ncerepo\" or \"team/apps\"");
        }
    }
}
