using Slipway.Deploy;
using Slipway.Registry;

namespace Slipway.Status;

/// <summary>
/// Compares what the live targets say with the ledger's last deploy: unreachable targets, targets that disagree with
/// each other or with the ledger, targets missing the service the ledger says was deployed, unfinished rollouts, and
/// targets whose configuration is no longer what the catalog says.
/// </summary>
public static class LiveDrift
{
    /// <summary>The drift kinds (each once) and one sentence per finding.</summary>
    /// <param name="deployedDigest">The digest of the ledger's last successful deploy or rollback, or null.</param>
    /// <param name="service">The service read, for the command that applies the catalog's configuration.</param>
    /// <param name="environment">The environment read.</param>
    /// <param name="rolledDigest">The digest of the ledger's last successful deploy (not rollback): when only some targets run it, the environment is partially rolled out.</param>
    public static (IReadOnlyList<DriftKind> Kinds, IReadOnlyList<string> Notes) Assess(LiveReading live, string? deployedDigest,
        string service, string environment, string? rolledDigest = null)
    {
        var kinds = new List<DriftKind>();
        var notes = new List<string>();
        void Flag(DriftKind kind, string note)
        {
            if (!kinds.Contains(kind)) kinds.Add(kind);
            notes.Add(note);
        }

        foreach (var target in live.Targets.Where(t => t.State == TargetState.Unreachable))
            Flag(DriftKind.Unreachable, target.Describe());

        var running = live.Running.ToList();
        foreach (var target in running.Where(t => t.Digest is null))
            Flag(DriftKind.LiveDiffersFromLedger, target.Describe());
        var digests = running.Select(t => t.Digest?.Value).OfType<string>().Distinct().ToList();
        if (digests.Count > 1 && rolledDigest is not null && digests.Contains(rolledDigest))
            Flag(DriftKind.PartiallyRolledOut, Partial(live, rolledDigest));
        else if (digests.Count > 1)
            Flag(DriftKind.LiveDiffersFromLedger, "targets disagree: " + string.Join("; ", running.Where(t => t.Digest is not null).Select(t => t.Describe())));
        else if (digests.Count == 1 && digests[0] != deployedDigest)
            Flag(DriftKind.LiveDiffersFromLedger, deployedDigest is null
                ? $"runs {Digests.Short(digests[0])} but the ledger records no deploy"
                : $"runs {Digests.Short(digests[0])} but the ledger's last deploy is {Digests.Short(deployedDigest)}");

        foreach (var target in live.Targets.Where(t => t.State == TargetState.Missing))
        {
            if (deployedDigest is not null)
                Flag(DriftKind.LiveDiffersFromLedger, $"{target.Describe()}, but the ledger's last deploy is {Digests.Short(deployedDigest)}");
            else if (running.Count > 0)
                Flag(DriftKind.LiveDiffersFromLedger, $"{target.Describe()}, while other targets run it");
        }

        foreach (var target in running.Where(t => t.RolloutComplete == false))
            Flag(DriftKind.NotRolledOut, target.Describe());

        foreach (var target in running.Where(t => t.ConfigDifferences.Count > 0))
            Flag(DriftKind.ConfigDrift, $"{target.Target}: configuration differs from the catalog: {string.Join(", ", target.ConfigDifferences)}; " +
                                        $"apply it with ./build.sh Deploy --env {environment} --service {service}");
        return (kinds, notes);
    }

    // "partial: 1/2 hosts on 2026.12.04-1 (0123456789ab); host 'b': runs ba9876543210"
    private static string Partial(LiveReading live, string rolledDigest)
    {
        var on = live.Targets.Where(t => t.Digest?.Value == rolledDigest).ToList();
        var kinds = live.Targets.Select(t => t.Target.Split(' ')[0]).Distinct().ToList();
        var noun = kinds.Count == 1 ? kinds[0] + "s" : "targets";
        var others = live.Targets.Except(on).Where(t => t.State != TargetState.Unreachable).Select(t => t.Describe());
        return $"partial: {on.Count}/{live.Targets.Count} {noun} on {on[0].Tag ?? Digests.Short(rolledDigest)} ({Digests.Short(rolledDigest)}); " +
               string.Join("; ", others);
    }
}
