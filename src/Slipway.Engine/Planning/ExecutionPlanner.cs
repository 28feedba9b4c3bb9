using Slipway.Engine.Definition;

namespace Slipway.Engine.Planning;

/// <summary>
/// Turns the invoked targets into an ordered plan: dependencies and triggered targets join it,
/// After/Before only order it; ties keep declaration order.
/// </summary>
internal static class ExecutionPlanner
{
    public static IReadOnlyList<ExecutableTarget> Plan(IReadOnlyCollection<ExecutableTarget> invoked)
    {
        var included = CollectIncluded(invoked);
        var predecessors = included.ToDictionary(t => t, t => PredecessorsOf(t, included));

        var cycle = CycleFinder.Find(included.OrderBy(t => t.Index), t => predecessors[t]);
        if (cycle != null)
            throw new BuildConfigurationException("Circular dependency: " + string.Join(" -> ", cycle.Select(t => t.Name)));

        return SortTopologically(included, predecessors);
    }

    /// <summary>The invoked targets plus, to a fixpoint, their dependencies and the targets they trigger.</summary>
    private static HashSet<ExecutableTarget> CollectIncluded(IEnumerable<ExecutableTarget> invoked)
    {
        var included = new HashSet<ExecutableTarget>();
        var pending = new Queue<ExecutableTarget>(invoked);
        while (pending.TryDequeue(out var target))
        {
            if (!included.Add(target))
                continue;
            foreach (var next in target.Dependencies.Concat(target.Triggers))
                pending.Enqueue(next);
        }
        return included;
    }

    /// <summary>Planned targets that must run before <paramref name="target"/>.</summary>
    private static List<ExecutableTarget> PredecessorsOf(ExecutableTarget target, HashSet<ExecutableTarget> included) =>
        target.Dependencies
            .Concat(target.RunsAfter)
            .Concat(included.Where(other => other.Triggers.Contains(target)))
            .Where(included.Contains)
            .Distinct()
            .OrderBy(t => t.Index)
            .ToList();

    private static List<ExecutableTarget> SortTopologically(
        HashSet<ExecutableTarget> included, Dictionary<ExecutableTarget, List<ExecutableTarget>> predecessors)
    {
        var remaining = included.ToDictionary(t => t, t => predecessors[t].Count);
        var successors = included.ToDictionary(t => t, _ => new List<ExecutableTarget>());
        foreach (var (target, before) in predecessors)
            foreach (var predecessor in before)
                successors[predecessor].Add(target);

        var ready = new SortedSet<ExecutableTarget>(
            included.Where(t => remaining[t] == 0),
            Comparer<ExecutableTarget>.Create((a, b) => a.Index.CompareTo(b.Index)));
        var plan = new List<ExecutableTarget>();
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            plan.Add(next);
            foreach (var successor in successors[next])
            {
                if (--remaining[successor] == 0)
                    ready.Add(successor);
            }
        }
        return plan;
    }
}
