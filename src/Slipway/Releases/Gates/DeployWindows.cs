using Slipway.Catalog;

namespace Slipway.Releases.Gates;

/// <summary>
/// An environment's deploy windows: open while some allow rule is open (or there is no allow rule) and no deny rule is open.
/// Deny wins. Knows when a closed window opens next, within a year.
/// </summary>
public sealed class DeployWindows(IReadOnlyList<WindowRule> allow, IReadOnlyList<WindowRule> deny)
{
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366);
    private const int CandidatesPerRule = 2000;

    public static DeployWindows From(DeployWindowsSpec spec, string defaultTimeZone) =>
        new(spec.Allow.Select(r => WindowRule.Parse(r, defaultTimeZone)).ToList(), spec.Deny.Select(r => WindowRule.Parse(r, defaultTimeZone)).ToList());

    public bool IsOpenAt(DateTimeOffset at) => !deny.Any(r => r.IsOpenAt(at)) && (allow.Count == 0 || allow.Any(r => r.IsOpenAt(at)));

    /// <summary>Why deploys are (not) allowed at <paramref name="at"/>, and when they next are when not.</summary>
    public (bool Open, string Reason, DateTimeOffset? OpensAt) Evaluate(DateTimeOffset at)
    {
        if (IsOpenAt(at))
            return (true, allow.FirstOrDefault(r => r.IsOpenAt(at)) is { } open
                ? $"inside allow window {open.Name} until {Format(open.ClosesAfter(at)!.Value)}"
                : "no allow window is required and no deny window is open", null);
        var denied = deny.FirstOrDefault(r => r.IsOpenAt(at));
        var reason = denied is not null
            ? $"deny window {denied.Name} is open until {Format(denied.ClosesAfter(at)!.Value)}"
            : $"no allow window is open ({string.Join("; ", allow.Select(r => r.Name))})";
        return (false, reason, NextOpening(at));
    }

    /// <summary>The first instant after <paramref name="at"/> at which deploys are allowed, or null within a year.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset at)
    {
        var until = at + Horizon;
        var candidates = deny.SelectMany(r => r.StartsBetween(at - r.Duration, until - r.Duration).Take(CandidatesPerRule).Select(s => s + r.Duration))
            .Concat(allow.SelectMany(r => r.StartsBetween(at, until).Take(CandidatesPerRule)))
            .Where(c => c > at)
            .Distinct()
            .Order();
        foreach (var candidate in candidates)
            if (IsOpenAt(candidate)) return candidate;
        return null;
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
