using System.Collections;

namespace Slipway.Engine;

/// <summary>
/// Everything a run takes from the outside world, so tests can inject a temporary root,
/// a fake environment and a captured output.
/// </summary>
public sealed class BuildEnvironment
{
    /// <summary>The folder holding <c>.nuke/</c>; when null it is searched upward from <see cref="WorkingDirectory"/>.</summary>
    public string? RootDirectory { get; init; }

    /// <summary>Where the upward search for <c>.nuke/</c> starts.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Environment variables consulted for <c>SLIPWAY_*</c> parameter values.</summary>
    public IReadOnlyDictionary<string, string?> Variables { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where all engine output (and <see cref="BuildHost.Output"/>) goes.</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>No colours and an ASCII-only summary table (for redirected output and tests).</summary>
    public bool PlainOutput { get; init; } = true;

    /// <summary>
    /// Routes <see cref="Console.Out"/> and <see cref="Console.Error"/> through the secret mask for the run,
    /// so targets writing to the console cannot leak secrets. Process-wide, so only for real runs.
    /// </summary>
    public bool MaskConsole { get; init; }

    /// <summary>The environment of the current process: real variables, the console, masking on.</summary>
    public static BuildEnvironment FromProcess() => new()
    {
        Variables = ReadProcessVariables(),
        Output = Console.Out,
        PlainOutput = Console.IsOutputRedirected,
        MaskConsole = true,
    };

    private static Dictionary<string, string?> ReadProcessVariables()
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var variables = new Dictionary<string, string?>(comparer);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = entry.Value as string;
        return variables;
    }
}
