namespace Slipway.Diagnostics.GitHub;

/// <summary>A step's outputs on GitHub Actions: <c>name=value</c> lines appended to the file <c>$GITHUB_OUTPUT</c> names.</summary>
public static class StepOutputs
{
    /// <summary>Appends <paramref name="name"/>=<paramref name="value"/>; nothing outside GitHub Actions.</summary>
    public static async Task AppendAsync(string name, string value)
    {
        if (Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } file)
            await File.AppendAllTextAsync(file, $"{name}={value}\n");
    }
}
