using Slipway.Diagnostics;

namespace Slipway.Workflows;

/// <summary>Writes the generated workflows, or checks that the committed ones are up to date.</summary>
public static class WorkflowFiles
{
    /// <returns>The files that were (or, with <paramref name="checkOnly"/>, would be) changed.</returns>
    public static IReadOnlyList<string> Write(string directory, IEnumerable<GeneratedWorkflow> workflows, bool checkOnly, IBuildLog log)
    {
        var changed = new List<string>();
        foreach (var workflow in workflows)
        {
            var path = Path.Combine(directory, workflow.FileName);
            var text = WorkflowYaml.Render(workflow);
            if (File.Exists(path) && File.ReadAllText(path) == text) continue;
            changed.Add(path);
            if (checkOnly) continue;
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, text);
            log.Info($"wrote {path}");
        }
        if (checkOnly && changed.Count > 0)
            throw new SlipwayException($"The committed workflows differ from what the build generates: {string.Join(", ", changed)}. " +
                                       "Fix: run ./build.sh GenerateWorkflows and commit the result.");
        return changed;
    }
}
