using System.Linq.Expressions;

namespace Slipway.Engine.Tests;

/// <summary>A temporary root with <c>.nuke/</c>, a fake environment and captured output for one test.</summary>
public sealed class BuildFixture : IDisposable
{
    public BuildFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "slipway-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }

    public Dictionary<string, string?> Variables { get; } = new();

    public void WriteParameters(string fileName, string json) =>
        File.WriteAllText(Path.Combine(Root, ".nuke", fileName), json);

    public RunResult Run<T>(T build, string[] args, params Expression<Func<T, Target>>[] defaultTargets) where T : BuildHost
    {
        var output = new StringWriter();
        var exitCode = BuildRunner.Run(build, args, new BuildEnvironment
        {
            RootDirectory = Root,
            Variables = Variables,
            Output = output,
            PlainOutput = true,
        }, defaultTargets);
        return new RunResult(exitCode, output.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

public sealed record RunResult(int ExitCode, string Output)
{
    /// <summary>The summary row of a target, e.g. "| Compile | Succeeded | 0:00.001 |".</summary>
    public string SummaryRow(string target) =>
        Output.Split('\n').Single(line => line.StartsWith($"| {target} ", StringComparison.Ordinal));
}
