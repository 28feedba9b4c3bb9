using Slipway.Pipeline;

namespace Slipway.Releases;

/// <summary>Chain contexts for the environments of a promotion, sharing everything but the environment.</summary>
public static class PromotionContexts
{
    /// <summary>A new context like <paramref name="template"/> for <paramref name="environment"/> (dispose it).</summary>
    public static ChainContext For(ChainContext template, string environment) => new()
    {
        Catalog = template.Catalog,
        Environment = environment,
        Log = template.Log,
        Paths = template.Paths,
        RecipeRoot = template.RecipeRoot,
        DryRun = template.DryRun,
        BuildTime = template.BuildTime,
        Credentials = template.Credentials,
        RegistryOptions = template.RegistryOptions,
    };
}
