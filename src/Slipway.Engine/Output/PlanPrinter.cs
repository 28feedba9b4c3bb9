using Slipway.Engine.Definition;

namespace Slipway.Engine.Output;

/// <summary>Prints <c>--plan</c> (the ordered plan with each target's dependencies) and <c>--list</c>.</summary>
internal static class PlanPrinter
{
    public static void PrintPlan(BuildOutput output, IReadOnlyList<ExecutableTarget> plan)
    {
        output.Line("Execution plan:");
        var width = plan.Select(t => t.Name.Length).DefaultIfEmpty(0).Max();
        for (var i = 0; i < plan.Count; i++)
        {
            var target = plan[i];
            var dependencies = target.Dependencies.Where(plan.Contains).ToList();
            var after = dependencies.Count > 0 ? $"  <- {string.Join(", ", dependencies)}" : "";
            var skipped = target.Status == TargetStatus.Skipped ? $"  (skipped: {target.Note})" : "";
            output.Line($"  {i + 1,2}. {target.Name.PadRight(width)}{after}{skipped}".TrimEnd());
        }
    }

    public static void PrintList(BuildOutput output, IReadOnlyList<ExecutableTarget> targets)
    {
        foreach (var target in targets.Where(t => !t.IsUnlisted))
            output.Line(target.Name);
    }
}
