using Slipway.Processes;

namespace Slipway.Trigger;

/// <summary>
/// Runs a request as a child build host (<c>dotnet _build.dll TARGET --env E --service S ...</c>), so a crash in a
/// run cannot take the server down. The child writes its output to the run's log and its exit code to the run's exit
/// file itself (<see cref="DetachedRunCommand"/>); its pid and start time go to the run history, so a server that
/// restarts after a crash can tell whether it still runs.
/// </summary>
public sealed class BuildProcessExecutor(BuildHostCommand command) : IRunExecutor
{

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(RunRecord run, CancellationToken ct)
    {
        var args = command.Arguments(run.Spec);
        run.Log.Append("$ " + ProcessRunner.Describe(command.Program, args));
        var env = new Dictionary<string, string?>(command.Environment)
        {
            [TriggerServer.TokenVariable] = null,
            // Who acts is the token's actor; a run without one (none is started any more) acts as the single token's.
            [Chain.Actor.Variable] = run.Spec.Actor ?? BearerTokens.SingleTokenActor,
        };
        var result = await ProcessRunner.RunAsync(DetachedRunCommand.Shell, DetachedRunCommand.Arguments(run.Files, command.Program, args),
            command.WorkingDirectory, env, onLine: run.Log.Append, cancellationToken: ct, options: new ProcessRunOptions
            {
                OnStarted = pid => { if (ProcessIdentity.Of(pid) is { } process) run.ProcessStarted(process); },
            });
        run.Log.Append($"exit code {result.ExitCode}");
        return result.ExitCode;
    }
}

/// <summary>How to start the build host for a run: the program, the fixed arguments and the environment.</summary>
public sealed record BuildHostCommand
{
    /// <summary>The program, normally <c>dotnet</c>.</summary>
    public string Program { get; init; } = "dotnet";
    /// <summary>Arguments before the target, normally the path of <c>_build.dll</c>.</summary>
    public IReadOnlyList<string> Prefix { get; init; } = [];
    /// <summary>Arguments after the run's own ones, e.g. <c>--catalog PATH</c>.</summary>
    public IReadOnlyList<string> Suffix { get; init; } = [];
    /// <summary>The child's working folder (the repository root).</summary>
    public string? WorkingDirectory { get; init; }
    /// <summary>Environment changes for the child; the server's token variable is always removed, the actor always set.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The full argument array for <paramref name="spec"/>.</summary>
    public IReadOnlyList<string> Arguments(RunSpec spec)
    {
        var args = new List<string>(Prefix) { spec.Target, "--env", spec.Environment, "--service", spec.Service };
        if (spec.Branch is not null) args.AddRange(["--branch", spec.Branch]);
        if (spec.Commit is not null) args.AddRange(["--commit", spec.Commit]);
        if (spec.DryRun) args.Add("--dry-run");
        if (spec.Digest is not null) args.AddRange(["--digest", spec.Digest]);
        // Inline, so that a reason that starts with "--" stays a value.
        if (spec.Reason is not null) args.Add("--reason=" + spec.Reason);
        if (spec.Withdraw) args.Add("--withdraw");
        if (spec.ForOverride) args.Add("--for-override");
        args.AddRange(Suffix);
        return args;
    }
}
