namespace Slipway.Releases.Gates;

/// <summary>
/// Soak time: how long a digest ran in the predecessor, from its ledger. A run starts with a successful deploy or rollback of the
/// digest and lasts until the next successful one of another digest (or now); failed deploys changed nothing that ran.
/// </summary>
public static class Soak
{
    public static GateVerdict Evaluate(IReadOnlyList<LedgerEntry> predecessorHistory, string predecessor, string digest, TimeSpan required,
        DateTimeOffset now)
    {
        var runs = Runs(predecessorHistory, digest, now).ToList();
        if (runs.Count == 0)
            return new GateVerdict("soak", false, $"'{predecessor}' never ran {Short(digest)}; it needs {Minutes(required)} there first");
        var longest = runs.MaxBy(r => r.End - r.Start);
        if (longest.End - longest.Start >= required)
            return new GateVerdict("soak", true, $"ran {Minutes(longest.End - longest.Start)} in '{predecessor}' since {longest.Start:u} (needs {Minutes(required)})");
        var current = runs[^1];
        return current.Ongoing
            ? new GateVerdict("soak", false, $"has run {Minutes(now - current.Start)} of the {Minutes(required)} it needs in '{predecessor}' " +
                                             $"(since {current.Start:u})", current.Start + required)
            : new GateVerdict("soak", false, $"ran only {Minutes(longest.End - longest.Start)} of {Minutes(required)} in '{predecessor}' and runs there no more; " +
                                             "deploy it there again to soak");
    }

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End, bool Ongoing)> Runs(IReadOnlyList<LedgerEntry> history, string digest, DateTimeOffset now)
    {
        DateTimeOffset? start = null;
        foreach (var entry in history.Where(e => e.IsSuccessfulDeploy))
        {
            if (entry.Digest == digest) start ??= entry.Time;
            else if (start is { } began)
            {
                yield return (began, entry.Time, false);
                start = null;
            }
        }
        if (start is { } open) yield return (open, now, true);
    }

    private static string Minutes(TimeSpan t) => $"{(int)t.TotalMinutes} min";
    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
