namespace Slipway.Processes;

/// <summary>The author and committer of the commits Slipway makes (manifests, ledger entries, lock commits).</summary>
public sealed record GitIdentity(string Name, string Email)
{
    /// <summary>The deploying actor as a git identity; an actor without an address gets one under <c>slipway.invalid</c>.</summary>
    public static GitIdentity ForActor(string actor) => new(actor, actor.Contains('@') ? actor : $"{actor}@slipway.invalid");
}
