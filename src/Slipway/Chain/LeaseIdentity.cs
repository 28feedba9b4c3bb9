
namespace Slipway.Chain;

/// <summary>Who takes a shared deploy lock: the actor, the run and the process, as written in the lease.</summary>
public sealed record LeaseIdentity(string Holder, string RunId, int ProcessId)
{
    private static readonly string ProcessRunId = Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// This process: the ledger actor ($SLIPWAY_ACTOR, else user@host); the run id $SLIPWAY_RUN_ID, else the
    /// GitHub Actions run ($GITHUB_RUN_ID-$GITHUB_RUN_ATTEMPT), else a random id per process.
    /// </summary>
    public static LeaseIdentity Current => new(Actor.Current, CurrentRunId, System.Environment.ProcessId);

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
