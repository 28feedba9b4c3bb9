namespace Slipway.Diagnostics;

/// <summary>How a run's output is rendered, decided once from the terminal and the environment.</summary>
public enum OutputKind
{
    /// <summary>A person at a terminal: live progress bars.</summary>
    Interactive,
    /// <summary>Redirected output or a CI system: stable plain lines.</summary>
    Plain,
    /// <summary>GitHub Actions: plain lines plus workflow commands (groups, errors, job summary).</summary>
    GitHubActions,
}

/// <summary>Detects the <see cref="OutputKind"/>.</summary>
public static class OutputMode
{
    /// <summary>From the process: <see cref="Console.IsOutputRedirected"/> and the environment variables.</summary>
    public static OutputKind Detect() =>
        Detect(Console.IsOutputRedirected, name => System.Environment.GetEnvironmentVariable(name));

    /// <summary>GITHUB_ACTIONS=true wins; then any CI variable or redirected output means plain.</summary>
    public static OutputKind Detect(bool outputRedirected, Func<string, string?> variable)
    {
        if (string.Equals(variable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase)) return OutputKind.GitHubActions;
        if (IsSet(variable("CI")) || IsSet(variable("TF_BUILD")) || IsSet(variable("JENKINS_URL")) || outputRedirected) return OutputKind.Plain;
        if (string.Equals(variable("TERM"), "dumb", StringComparison.Ordinal)) return OutputKind.Plain;
        return OutputKind.Interactive;
    }

    private static bool IsSet(string? value) =>
        !string.IsNullOrEmpty(value) && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && value != "0";
}
