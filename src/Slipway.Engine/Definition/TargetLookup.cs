namespace Slipway.Engine.Definition;

/// <summary>Finds a target by its name as typed by a user: case-insensitive, with a helpful error.</summary>
internal static class TargetLookup
{
    public static ExecutableTarget Find(string name, IReadOnlyList<ExecutableTarget> targets) =>
        targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new BuildConfigurationException(
            $"Unknown target '{name}'. Available targets are: {string.Join(", ", targets.Where(t => !t.IsUnlisted).Select(t => t.Name))}.");
}
