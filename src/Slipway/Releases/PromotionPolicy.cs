using Slipway.Diagnostics;

namespace Slipway.Releases;

/// <summary>The catalog's promotion order: an environment receives images only from its <c>promoteFrom</c> predecessor.</summary>
public static class PromotionPolicy
{
    /// <summary>
    /// Null when <paramref name="target"/> may receive from <paramref name="source"/>; otherwise the refusal, naming the
    /// expected predecessor and the fix.
    /// </summary>
    public static string? Violation(Catalog.Catalog catalog, string source, string target)
    {
        var expected = catalog.Environments[target].PromoteFrom;
        if (expected == source) return null;
        return expected is null
            ? $"Environment '{target}' is a first stage (no promoteFrom in the catalog): it receives builds, not promotions from '{source}'. " +
              $"Fix: run ./build.sh Deploy --env {target}, or pass --force to promote anyway (recorded in the release ledger)"
            : $"Environment '{target}' receives images only from its predecessor '{expected}' (promoteFrom in the catalog), not from '{source}'. " +
              $"Fix: promote with --from {expected} --to {target} (after '{expected}' runs the image), or pass --force to override (recorded in the release ledger)";
    }

    /// <summary>Throws the refusal unless <paramref name="force"/>; returns true when the order was overridden.</summary>
    public static bool Enforce(Catalog.Catalog catalog, string source, string target, bool force, IBuildLog log)
    {
        var violation = Violation(catalog, source, target);
        if (violation is null) return false;
        if (!force) throw new SlipwayException(violation);
        log.Warn($"--force: promoting {source} -> {target} out of the catalog's order; this is recorded in the release ledger");
        return true;
    }
}
