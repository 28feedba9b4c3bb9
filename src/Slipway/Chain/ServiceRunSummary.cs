using Slipway.Diagnostics.GitHub;

namespace Slipway.Chain;

/// <summary>The job summary's rows for a run's services: image and digest as the chain left them.</summary>
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
}
