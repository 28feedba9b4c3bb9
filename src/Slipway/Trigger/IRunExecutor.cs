namespace Slipway.Trigger;

/// <summary>Runs one validated request to its end, writing its output to the run's log.</summary>
public interface IRunExecutor
{
    /// <returns>The exit code of the run (0 = success).</returns>
    Task<int> ExecuteAsync(RunRecord run, CancellationToken ct);
}
