using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>The secret values the catalog's credential references resolve to on this machine, to mask in all output.</summary>
public static class CatalogSecrets
{
    public static IReadOnlyList<string> Values(Catalog.Catalog catalog, CredentialResolver resolver)
    {
        var values = new List<string>();
        foreach (var (name, registry) in catalog.Registries)
        {
            try
            {
                if (resolver.Resolve(registry.Credentials, $"registries.{name}") is { } credentials)
                    values.Add(credentials.Password);
            }
            catch (SlipwayException)
            {
                // Not configured on this machine: nothing to mask; using that registry reports it.
            }
        }
        return values;
    }
}
