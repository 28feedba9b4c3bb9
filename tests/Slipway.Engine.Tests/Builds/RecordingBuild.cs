namespace Slipway.Engine.Tests.Builds;

/// <summary>Base for test builds: records which targets ran, in order.</summary>
public abstract class RecordingBuild : BuildHost
{
    private readonly List<string> _executed = [];

    public IReadOnlyList<string> Executed { get { lock (_executed) return _executed.ToList(); } }

    protected void Record(string name)
    {
        lock (_executed) _executed.Add(name);
        Output.WriteLine($"running {name}");
    }
}
