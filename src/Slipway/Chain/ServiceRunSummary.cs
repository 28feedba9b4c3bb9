using Slipway.Diagnostics.GitHub;

namespace Slipway.Chain;

/// <summary>What a run's summaries say about its services: the job summary's rows, the console table's note.</summary>
public static class ServiceRunSummary
{
    /// <param name="deployedTo">The environment the run deployed to, or null when it deployed nowhere.</param>
    public static IReadOnlyList<SummaryRow> Rows(IEnumerable<ServiceRun> runs, string? deployedTo) => runs
        .Select(run => new SummaryRow(
            run.Service,
            run.Tag is null ? null : $"{run.Settings.ImageRepository}:{run.Tag}",
            run.Digest?.Value,
            deployedTo is null ? [] : [deployedTo],
            run.VerificationTime))
        .ToList();

    /// <summary>
    /// The Deploy row's note in the console's summary table: the time the catalog's verification added per verified service
    /// (e.g. "verified in 10.2 s"); null when nothing was verified.
    /// </summary>
    public static string? VerificationNote(IEnumerable<ServiceRun> runs)
    {
        var verified = Rows(runs, null).Where(row => row.VerifiedIn is not null).ToList();
        return verified.Count switch
        {
            0 => null,
            1 => $"verified in {verified[0].VerifiedIn}",
            _ => "verified in " + string.Join(", ", verified.Select(row => $"{row.Service} {row.VerifiedIn}")),
        };
    }
}
