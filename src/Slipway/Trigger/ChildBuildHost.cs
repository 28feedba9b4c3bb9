namespace Slipway.Trigger;

/// <summary>The command that runs a request in the build host the server itself runs in.</summary>
public static class ChildBuildHost
{
    /// <summary>
    /// <c>dotnet <paramref name="buildAssembly"/> TARGET ...</c> from <paramref name="rootDirectory"/>, with the server's
    /// settings that are not per run: catalog, verbosity, state folder and profiles.
    /// </summary>
    public static BuildHostCommand Command(string buildAssembly, string rootDirectory, string catalogPath, string verbosity,
        string? stateDirectory, IReadOnlyList<string> profiles)
    {
        List<string> suffix = ["--catalog", catalogPath, "--verbosity", verbosity];
        if (stateDirectory is not null) suffix.AddRange(["--state-directory", Path.GetFullPath(stateDirectory, rootDirectory)]);
        foreach (var profile in profiles) suffix.AddRange(["--profile", profile]);
        return new BuildHostCommand
        {
            Program = "dotnet",
            Prefix = [buildAssembly],
            Suffix = suffix,
            WorkingDirectory = rootDirectory,
        };
    }
}
