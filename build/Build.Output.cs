using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Diagnostics.GitHub;
using Slipway.Engine;

namespace Slipway.Build;

/// <summary>How the build talks to its reader: the log, and on GitHub Actions groups, error annotations and a job summary.</summary>
partial class Build
{
    private IBuildLog? _log;
    private OutputKind? _outputKind;
    private readonly List<(string Target, string Status)> _targetResults = new();

    /// <summary>Terminal, plain or GitHub Actions: decided once per run.</summary>
    OutputKind OutputKind => _outputKind ??= OutputMode.Detect();

    bool OnGitHubActions => OutputKind == OutputKind.GitHubActions;

    protected override void OnTargetStart(string target)
    {
        if (OnGitHubActions) Output.WriteLine(WorkflowCommands.Group(target));
    }

    protected override void OnTargetFinish(string target, TargetStatus status, Exception? failure)
    {
        _targetResults.Add((target, status.ToString()));
        if (!OnGitHubActions) return;
        Output.WriteLine(WorkflowCommands.EndGroup);
        // After the group, so the annotation's line stays visible when the group is collapsed.
        if (failure is not null) Output.WriteLine(WorkflowCommands.Error(target, failure, RootDirectory));
    }

    /// <summary>The summary table's note on Deploy: how long verification took, so its cost is seen on every run.</summary>
    protected override string? NoteOnSuccess(string target) =>
        target == nameof(Deploy) && !DryRun && _runs is not null ? ServiceRunSummary.VerificationNote(_runs) : null;

    /// <summary>On GitHub Actions: the image, digest and environments of this run, appended to $GITHUB_STEP_SUMMARY.</summary>
    void WriteJobSummary()
    {
        if (!OnGitHubActions) return;
        var deployed = _targetResults.Any(t => t.Target == nameof(Deploy) && t.Status == nameof(TargetStatus.Succeeded)) && !DryRun;
        JobSummary.AppendToStepSummary(IsSucceeding, _targetResults, ServiceRunSummary.Rows(_runs ?? [], deployed ? Env : null), DryRun);
    }
}
