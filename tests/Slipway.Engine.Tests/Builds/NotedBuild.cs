namespace Slipway.Engine.Tests.Builds;

/// <summary>A build whose Deploy target reports a note when it succeeds (as Slipway's Deploy reports verification time).</summary>
public sealed class NotedBuild : RecordingBuild
{
    public bool FailDeploy;

    Target Deploy => _ => _.Executes(() =>
    {
        Record(nameof(Deploy));
        if (FailDeploy) throw new InvalidOperationException("deploy broke");
    });

    protected override string? NoteOnSuccess(string target) => target == nameof(Deploy) ? "verified in 10.2 s" : null;
}
