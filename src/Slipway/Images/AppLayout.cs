namespace Slipway.Images;

/// <summary>Where things live in the base image: Debian's tomcat10 layout, see images/README.md.</summary>
public sealed record ImageLayout
{
    public string WebappDirectory { get; init; } = "/var/lib/tomcat10/webapps/ROOT";
    public string StartScriptPath { get; init; } = "/opt/slipway/start.sh";
    /// <summary>Tomcat runs as this user; the start script writes the NCE_CONF overlay into the webapp.</summary>
    public string WebappOwner { get; init; } = "tomcat:tomcat";
}

/// <summary>
/// Splits an exploded WAR into layers ordered by how often they change: the start script first (it is
/// the same for every service, so all services share that layer), then dependencies (WEB-INF/lib),
/// classes and resources (WEB-INF/classes without the per-environment config folders), static web
/// content, and the per-environment config folders. A one-line code change then re-pushes only the
/// classes layer; a config change only the config layer.
/// </summary>
public static class AppLayout
{
    public static IReadOnlyList<AppLayer> Split(string explodedWar, IEnumerable<string> configFolders,
        string startScript, ImageLayout layout)
    {
        var confs = new HashSet<string>(configFolders, StringComparer.Ordinal);
        var lib = new List<LayerFile>();
        var classes = new List<LayerFile>();
        var web = new List<LayerFile>();
        var config = new List<LayerFile>();

        foreach (var file in Directory.EnumerateFiles(explodedWar, "*", SearchOption.AllDirectories)
                     .Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(explodedWar, file).Replace('\\', '/');
            var entry = new LayerFile(file, relative);
            if (relative.StartsWith("WEB-INF/lib/", StringComparison.Ordinal)) lib.Add(entry);
            else if (relative.StartsWith("WEB-INF/classes/", StringComparison.Ordinal))
            {
                var first = relative["WEB-INF/classes/".Length..].Split('/')[0];
                var isConfigFolder = relative.Count(c => c == '/') > 2 && confs.Contains(first);
                (isConfigFolder ? config : classes).Add(entry);
            }
            else web.Add(entry);
        }

        return Assemble(lib, classes, web, config, startScript, layout);
    }

    /// <summary>The layers with a placeholder file each: the Dockerfile's shape before any WAR exists (dry runs).</summary>
    public static IReadOnlyList<AppLayer> Placeholders(string startScript, ImageLayout layout)
    {
        List<LayerFile> Files() => [new LayerFile("", "(files)")];
        return Assemble(Files(), Files(), Files(), Files(), startScript, layout);
    }

    private static IReadOnlyList<AppLayer> Assemble(List<LayerFile> lib, List<LayerFile> classes, List<LayerFile> web,
        List<LayerFile> config, string startScript, ImageLayout layout)
    {
        var webapp = layout.WebappDirectory;
        var owner = layout.WebappOwner;
        return
        [
            new AppLayer("start", Path.GetDirectoryName(layout.StartScriptPath)!.Replace('\\', '/'),
                [new LayerFile(startScript, Path.GetFileName(layout.StartScriptPath), Executable: true)]),
            new AppLayer("lib", webapp, lib, owner),
            new AppLayer("classes", webapp, classes, owner),
            new AppLayer("web", webapp, web, owner),
            new AppLayer("config", webapp, config, owner),
        ];
    }
}
