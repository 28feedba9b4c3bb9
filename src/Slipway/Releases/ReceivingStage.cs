using Slipway.Diagnostics;

namespace Slipway.Releases;

/// <summary>
/// An environment with <c>promoteFrom</c> receives images from its predecessor and never builds: Deploy there resolves the
/// commit's existing image through <see cref="CommitImageLocator"/> and promotes it (see Pipeline.ReceiveStep).
/// </summary>
public static class ReceivingStage
{
    /// <summary>The predecessor of <paramref name="environment"/>, or null for a first stage (one that builds).</summary>
    public static string? PredecessorOf(Catalog.Catalog catalog, string environment) =>
        catalog.Environments[environment].PromoteFrom;

    /// <summary>The stages before <paramref name="environment"/>, nearest first, ending with the first stage (the one that builds).</summary>
    public static IReadOnlyList<string> StagesBefore(Catalog.Catalog catalog, string environment)
    {
        var stages = new List<string>();
        for (var current = PredecessorOf(catalog, environment); current is not null && !stages.Contains(current);
             current = PredecessorOf(catalog, current))
            stages.Add(current);
        return stages;
    }

    /// <summary>The first stage of <paramref name="environment"/>'s promotion chain: where its images are built.</summary>
    public static string FirstStageOf(Catalog.Catalog catalog, string environment) =>
        StagesBefore(catalog, environment).LastOrDefault() ?? environment;

    /// <summary>The refusal for a build (a build target, or --force-build) aimed at a receiving stage.</summary>
    public static SlipwayException BuildRefused(Catalog.Catalog catalog, string environment, string what) =>
        SlipwayException.Input(what,
            $"would build for '{environment}', which receives images from '{PredecessorOf(catalog, environment)}' (promoteFrom in the catalog) and never builds",
            $"build in the first stage ('{FirstStageOf(catalog, environment)}'), e.g. ./build.sh Deploy --env {FirstStageOf(catalog, environment)}, " +
            $"then Deploy or Promote the same image into '{environment}'");
}
