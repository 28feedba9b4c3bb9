using System.Linq.Expressions;

namespace Slipway.Engine;

/// <summary>The fluent definition a <see cref="Target"/> fills in: relations, conditions, requirements and actions.</summary>
public interface ITargetDefinition
{
    /// <summary>Sets the text shown for the target in <c>--help</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>The given targets join the plan and run before this one.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>This target joins the plan whenever one of the given targets does, and runs before them.</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    /// <summary>When both are in the plan, this target runs after the given ones. Adds nothing to the plan.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>When both are in the plan, this target runs before the given ones. Adds nothing to the plan.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>Whenever this target is in the plan, the given targets join it and run after this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>Whenever one of the given targets is in the plan, this target joins it and runs after it.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Conditions evaluated once, before any target runs; when one is false the target is skipped.</summary>
    ITargetDefinition OnlyWhenStatic(params Expression<Func<bool>>[] conditions);

    /// <summary>Conditions evaluated right before the target runs; when one is false the target is skipped.</summary>
    ITargetDefinition OnlyWhenDynamic(params Expression<Func<bool>>[] conditions);

    /// <summary>
    /// A parameter (or value) that must be set — not null and not empty — for the target to run.
    /// Checked for every scheduled target before anything runs.
    /// </summary>
    ITargetDefinition Requires(Expression<Func<object?>> parameterOrValue);

    /// <summary>A condition that must hold for the target to run. Checked for every scheduled target before anything runs.</summary>
    ITargetDefinition Requires(Expression<Func<bool>> condition);

    /// <summary>Adds an action; several actions run in the order they were added.</summary>
    ITargetDefinition Executes(Action action);

    /// <summary>Adds an asynchronous action; several actions run in the order they were added.</summary>
    ITargetDefinition Executes(Func<Task> action);

    /// <summary>When this target fails the build still fails, but the following targets keep running.</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target runs even when an earlier target has failed the build (e.g. cleanup, reporting).</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hides the target from <c>--help</c> and <c>--list</c>; it can still be invoked.</summary>
    ITargetDefinition Unlisted();
}
