namespace Slipway.Diagnostics;

/// <summary>Writes a secret to a file only its owner can read, and points an environment variable at it.</summary>
public static class PrivateFile
{
    public static string Write(string name, string content, string? environmentVariable = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"slipway-{name}-{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream)) writer.Write(content);
        if (environmentVariable is not null) Environment.SetEnvironmentVariable(environmentVariable, path);
        return path;
    }
}
