using System.Linq.Expressions;

namespace Slipway.Engine.Definition;

/// <summary>A resolved target: its relations point at other targets, and it carries its run state.</summary>
internal sealed class ExecutableTarget(string name, int index)
{
    public string Name { get; } = name;

    /// <summary>Declaration order; breaks ties in the plan.</summary>
    public int Index { get; } = index;

    public string Description { get; set; } = "";
    public bool IsDefault { get; set; }
    public bool IsUnlisted { get; set; }
    public bool ProceedAfterFailure { get; set; }
    public bool AssuredAfterFailure { get; set; }

    /// <summary>Targets that must run first and join the plan (own DependsOn plus others' DependentFor).</summary>
    public List<ExecutableTarget> Dependencies { get; } = [];

    /// <summary>Targets to run after when both are planned (own After plus others' Before).</summary>
    public List<ExecutableTarget> RunsAfter { get; } = [];

    /// <summary>Targets that join the plan after this one (own Triggers plus others' TriggeredBy).</summary>
    public List<ExecutableTarget> Triggers { get; } = [];

    public List<Expression<Func<bool>>> StaticConditions { get; } = [];
    public List<Expression<Func<bool>>> DynamicConditions { get; } = [];
    public List<LambdaExpression> Requirements { get; } = [];
    public List<Func<Task>> Actions { get; } = [];

    public TargetStatus Status { get; set; } = TargetStatus.Scheduled;
    public TimeSpan Duration { get; set; }

    /// <summary>Why the target was skipped or not run; shown in the summary.</summary>
    public string? Note { get; set; }

    public override string ToString() => Name;
}
