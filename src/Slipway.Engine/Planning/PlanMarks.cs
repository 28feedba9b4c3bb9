using Slipway.Engine.Definition;
using Slipway.Engine.Execution;

namespace Slipway.Engine.Planning;

/// <summary>Marks planned targets before execution: skipped by <c>--skip</c> or a static condition, or not run at all.</summary>
internal static class PlanMarks
{
    /// <summary>
    /// <paramref name="skipped"/> null means no <c>--skip</c>; empty means <c>--skip</c> alone,
    /// which skips everything but the invoked targets.
    /// </summary>
    public static void ApplySkip(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<ExecutableTarget> invoked, IReadOnlyList<ExecutableTarget>? skipped)
    {
        if (skipped == null)
            return;
        var toSkip = skipped.Count == 0 ? plan.Except(invoked).ToHashSet() : skipped.ToHashSet();
        foreach (var target in plan.Where(toSkip.Contains))
        {
            target.Status = TargetStatus.Skipped;
            target.Note = "--skip";
        }
    }

    public static void ApplyStaticConditions(IReadOnlyList<ExecutableTarget> plan)
    {
        foreach (var target in plan.Where(t => t.Status == TargetStatus.Scheduled))
        {
            if (ConditionEvaluator.FindFalse(target.StaticConditions) is { } reason)
            {
                target.Status = TargetStatus.Skipped;
                target.Note = reason;
            }
        }
    }

    public static void MarkNotRun(IReadOnlyList<ExecutableTarget> plan, string reason)
    {
        foreach (var target in plan.Where(t => t.Status == TargetStatus.Scheduled))
        {
            target.Status = TargetStatus.NotRun;
            target.Note = reason;
        }
    }

    public static List<string> ScheduledNames(IEnumerable<ExecutableTarget> plan) =>
        plan.Where(t => t.Status == TargetStatus.Scheduled).Select(t => t.Name).ToList();
}
