namespace Slipway.Processes;

/// <summary>Less common settings of <see cref="ProcessRunner.RunAsync"/>.</summary>
public sealed record ProcessRunOptions
{
    /// <summary>How many trailing lines of stdout and of stderr the result keeps (each). Default 200.</summary>
    public int TailLines { get; init; } = ProcessRunner.DefaultTailLines;

    /// <summary>Text written to the process stdin, then closed (e.g. a password for <c>--password-stdin</c>). Null: empty stdin.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Called with the pid once the process has started, before it ends.</summary>
    public Action<int>? OnStarted { get; init; }
}
