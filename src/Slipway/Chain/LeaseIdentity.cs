namespace Slipway.Chain;

/// <summary>Who takes a deploy lock or a workspace: the actor, the run, the process and its machine, as the locks record them.</summary>
public sealed record LeaseIdentity(string Holder, string RunId, int ProcessId, string? Machine = null)
{
    private static readonly string ProcessRunId = Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// This process: the ledger actor ($SLIPWAY_ACTOR, else user@host); the run id $SLIPWAY_RUN_ID, else the
    /// GitHub Actions run ($GITHUB_RUN_ID-$GITHUB_RUN_ATTEMPT), else a random id per process; this machine's name.
    /// </summary>
    public static LeaseIdentity Current => new(Actor.Current, CurrentRunId, System.Environment.ProcessId, System.Environment.MachineName);

    /// <summary>"process 42 on build-3" (the machine only when known).</summary>
    public static string DescribeProcess(int processId, string? machine) =>
        machine is null ? $"process {processId}" : $"process {processId} on {machine}";

    private static string CurrentRunId
    {
        get
        {
            if (System.Environment.GetEnvironmentVariable("SLIPWAY_RUN_ID") is { Length: > 0 } run) return run;
            if (System.Environment.GetEnvironmentVariable("GITHUB_RUN_ID") is { Length: > 0 } gh)
                return gh + "-" + (System.Environment.GetEnvironmentVariable("GITHUB_RUN_ATTEMPT") ?? "1");
            return ProcessRunId;
        }
    }
}
