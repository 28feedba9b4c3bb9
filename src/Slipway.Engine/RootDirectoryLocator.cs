namespace Slipway.Engine;

/// <summary>Finds the build root: the nearest folder, upward from a start folder, that holds <c>.nuke/</c>.</summary>
internal static class RootDirectoryLocator
{
    public static string Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory != null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return directory.FullName;
        }
        return Path.GetFullPath(startDirectory);
    }
}
