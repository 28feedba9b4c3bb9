namespace Slipway.TestSupport;

/// <summary>The repository's root folder: the first folder above the test binaries holding services.json.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "services.json")) &&
                Directory.Exists(System.IO.Path.Combine(dir.FullName, "samples")))
                return dir.FullName;
        throw new InvalidOperationException("services.json not found above " + AppContext.BaseDirectory);
    }
}
