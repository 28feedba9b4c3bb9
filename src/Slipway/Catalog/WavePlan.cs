using System.Text.Json;

namespace Slipway.Catalog;

/// <summary>
/// An environment's targets split into ordered waves by its <c>waves</c> entries (cumulative: each entry says how many
/// targets run the new image once that wave is done). An entry that adds no target to the one before (25% of two hosts
/// after 1) makes no wave.
/// </summary>
public static class WavePlan
{
    /// <summary>The waves, in order; one wave of every target when the environment has no waves.</summary>
    /// <exception cref="CatalogException">The entries do not make a plan for these targets (the catalog rules refuse such a catalog).</exception>
    public static IReadOnlyList<IReadOnlyList<string>> Split(string environment, IReadOnlyList<string> targets, IReadOnlyList<JsonElement>? waves)
    {
        if (waves is null or { Count: 0 }) return [targets];
        var problems = Problems(environment, targets.Count, waves).ToList();
        if (problems.Count > 0) throw new CatalogException("the catalog", problems);
        var plan = new List<IReadOnlyList<string>>();
        var covered = 0;
        foreach (var step in waves.Select(w => WaveStep.TryParse(w, out _)!))
        {
            var upTo = step.CumulativeOf(targets.Count);
            if (upTo > covered) plan.Add(targets.Skip(covered).Take(upTo - covered).ToList());
            covered = upTo;
        }
        return plan;
    }

    /// <summary>What is wrong with <paramref name="waves"/> for an environment of <paramref name="total"/> targets (empty when it makes a plan).</summary>
    public static IEnumerable<CatalogProblem> Problems(string environment, int total, IReadOnlyList<JsonElement> waves)
    {
        var previous = (Step: (WaveStep?)null, Covers: 0);
        for (var i = 0; i < waves.Count; i++)
        {
            var at = CatalogPath.Of("environments", environment, "waves", i);
            if (WaveStep.TryParse(waves[i], out var problem) is not { } step)
            {
                yield return new CatalogProblem(at, problem!, "write a host count such as 1, or a percentage such as \"25%\"");
                yield break;
            }
            var covers = step.CumulativeOf(total);
            if (covers > total)
                yield return new CatalogProblem(at, $"wave entry {step} asks for {covers} targets but '{environment}' has {total}",
                    $"use at most {total}, or a percentage");
            else if (covers < previous.Covers || step == previous.Step)
                yield return new CatalogProblem(at,
                    $"wave entry {step} covers {covers} of {total} targets, no more than the entry before it ({previous.Step}, {previous.Covers}); waves are cumulative",
                    "list the entries increasing, each counting every target rolled so far, e.g. [1, \"25%\", \"100%\"]");
            previous = (step, covers);
        }
        if (previous.Covers < total)
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "waves"),
                $"the last wave entry ({previous.Step}) covers {previous.Covers} of the {total} targets of '{environment}'",
                "end the waves with \"100%\" so every target gets the new image");
    }
}
