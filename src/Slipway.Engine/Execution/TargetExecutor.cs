using System.Diagnostics;
using Slipway.Engine.Definition;
using Slipway.Engine.Output;

namespace Slipway.Engine.Execution;

/// <summary>
/// Runs the plan in order. A failure stops the remaining targets (NotRun) unless the failed target proceeds
/// after failure; assured targets always run; a target whose dependency failed or did not run does not run.
/// </summary>
internal sealed class TargetExecutor(BuildHost build, BuildOutput output)
{
    public void Run(IReadOnlyList<ExecutableTarget> plan)
    {
        var stopped = false;
        foreach (var target in plan.Where(t => t.Status == TargetStatus.Scheduled))
        {
            if (stopped && !target.AssuredAfterFailure)
            {
                MarkNotRun(target, "an earlier target failed");
                continue;
            }
            var brokenDependency = target.Dependencies.FirstOrDefault(d => d.Status is TargetStatus.Failed or TargetStatus.NotRun);
            if (brokenDependency != null && !target.AssuredAfterFailure)
            {
                MarkNotRun(target, $"dependency {brokenDependency.Name} did not succeed");
                continue;
            }

            Execute(target);
            if (target.Status == TargetStatus.Failed && !target.ProceedAfterFailure)
                stopped = true;
        }
    }

    private void Execute(ExecutableTarget target)
    {
        var stopwatch = Stopwatch.StartNew();
        var started = false;
        Exception? failure = null;
        try
        {
            if (ConditionEvaluator.FindFalse(target.DynamicConditions) is { } reason)
            {
                target.Status = TargetStatus.Skipped;
                target.Note = reason;
                output.Info($"Skipping {target.Name}: {reason}");
                return;
            }

            started = true;
            build.RaiseTargetStart(target.Name);
            output.Info("");
            output.Info($"> {target.Name}");
            foreach (var action in target.Actions)
                RunToCompletion(action);
            target.Status = target.Actions.Count == 0 ? TargetStatus.Absent : TargetStatus.Succeeded;
            if (target.Status == TargetStatus.Succeeded) target.Note = build.RaiseNoteOnSuccess(target.Name);
        }
        catch (Exception exception)
        {
            failure = FailureFormatter.Unwrap(exception);
            target.Status = TargetStatus.Failed;
            target.Note = FailureFormatter.Unwrap(exception).Message.Split('\n')[0].Trim();
            build.IsFailing = true;
            output.Error($"Target {target.Name} failed: {FailureFormatter.Format(exception, build)}");
        }
        finally
        {
            target.Duration = stopwatch.Elapsed;
            if (started) RaiseFinish(target, failure);
        }
    }

    private void RaiseFinish(ExecutableTarget target, Exception? failure)
    {
        try
        {
            build.RaiseTargetFinish(target.Name, target.Status, failure);
        }
        catch (Exception exception)
        {
            build.IsFailing = true;
            output.Error($"OnTargetFinish for {target.Name} failed: {FailureFormatter.Format(exception, build)}");
        }
    }

    /// <summary>
    /// Runs an action on this thread (clean stack traces for synchronous ones), unless a synchronization context
    /// would make blocking on an async action deadlock; then it runs on the thread pool.
    /// </summary>
    private static void RunToCompletion(Func<Task> action)
    {
        var task = SynchronizationContext.Current == null ? action() : Task.Run(action);
        task.GetAwaiter().GetResult();
    }

    private void MarkNotRun(ExecutableTarget target, string reason)
    {
        target.Status = TargetStatus.NotRun;
        target.Note = reason;
        output.Verbose($"Not running {target.Name}: {reason}");
    }
}
