using Slipway.Trigger;

namespace Slipway.TestSupport;

/// <summary>A run executor the test drives: each run writes "started", waits for its release, then writes "released".</summary>
public sealed class GatedExecutor : IRunExecutor
{
    private readonly Dictionary<string, TaskCompletionSource<int>> _gates = new();

    private TaskCompletionSource<int> Gate(string id)
    {
        lock (_gates)
        {
            if (!_gates.TryGetValue(id, out var gate))
                _gates[id] = gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            return gate;
        }
    }

    public void Release(string id, int exitCode = 0) => Gate(id).TrySetResult(exitCode);

    public async Task<int> ExecuteAsync(RunRecord run, CancellationToken ct)
    {
        run.Log.Append($"started {run.Id}");
        var exitCode = await Gate(run.Id).Task.WaitAsync(ct);
        run.Log.Append($"released {run.Id}");
        return exitCode;
    }
}
