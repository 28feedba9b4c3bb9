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
}

/// <summary>A request that passed validation: every field is safe to hand to the build host.</summary>
public sealed record RunSpec(string Service, string Environment, string Target, string? Branch, string? Commit, bool DryRun)
{
    /// <summary>Runs with the same lane key never overlap.</summary>
    public string LaneKey => Service + "@" + Environment;
}
