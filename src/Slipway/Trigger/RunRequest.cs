namespace Slipway.Trigger;

/// <summary>The body of <c>POST /runs</c>, as the client sent it (not yet validated).</summary>
public sealed record RunRequest
{
    /// <summary>The catalog service to act on.</summary>
    public string? Service { get; init; }
    /// <summary>Git branch to build; default: the service's branch.</summary>
    public string? Branch { get; init; }
    /// <summary>Git commit to build; default: the branch tip.</summary>
    public string? Commit { get; init; }
    /// <summary>The build target to run, e.g. Deploy.</summary>
    public string? Target { get; init; }
    /// <summary>The catalog environment.</summary>
    public string? Env { get; init; }
    /// <summary>Run with <c>--dry-run</c>.</summary>
    public bool DryRun { get; init; }
    /// <summary>Approve: the manifest digest (<c>sha256:...</c>) approved.</summary>
    public string? Digest { get; init; }
    /// <summary>Freeze, Unfreeze: why (recorded in the ledger).</summary>
    public string? Reason { get; init; }
    /// <summary>Approve: take back the actor's standing approval of the digest instead.</summary>
    public bool Withdraw { get; init; }
    /// <summary>Approve: approve an --override-gates for the digest.</summary>
    public bool ForOverride { get; init; }
}

/// <summary>
/// A request that passed validation: every field is safe to hand to the build host. <paramref name="Actor"/> comes from the
/// request's token, never from its body (null only for runs recorded before the API knew actors).
/// </summary>
public sealed record RunSpec(string Service, string Environment, string Target, string? Branch, string? Commit, bool DryRun,
    string? Actor = null, string? Digest = null, string? Reason = null, bool Withdraw = false, bool ForOverride = false)
{
    /// <summary>Runs with the same lane key never overlap.</summary>
    public string LaneKey => Service + "@" + Environment;
}
