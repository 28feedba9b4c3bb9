using System.Xml.Linq;
using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Maven;

/// <summary>
/// The settings.xml of a build that reads remote repositories: the catalog's own settings (or an empty one) plus,
/// per repository, a &lt;server&gt; whose credentials are <c>${env.VAR}</c> references (Maven reads the variables; no
/// secret is written), the repository in an active profile, and the repository left out of every mirror of <c>*</c>
/// so a mirror such as the offline Debian repository does not hide it. Maven goes online for it.
/// </summary>
public static class MavenSettingsFile
{
    private static readonly XNamespace Ns = "http://maven.apache.org/SETTINGS/1.0.0";
    private const string ProfileId = "slipway-repositories";

    /// <summary>Writes the settings to <paramref name="path"/> and returns it.</summary>
    /// <param name="baseSettings">The catalog's build.settings (absolute), or null.</param>
    /// <exception cref="SlipwayException">A credential variable is not set, naming its catalog key.</exception>
    public static string Write(string service, string? baseSettings, IReadOnlyList<MavenRepositorySpec> repositories, string path)
    {
        for (var i = 0; i < repositories.Count; i++) EnsureSet(service, i, repositories[i]);
        var document = baseSettings is null ? new XDocument(new XElement(Ns + "settings")) : XDocument.Load(baseSettings);
        var root = document.Root!;
        var ns = root.Name.Namespace;
        XElement Child(XElement parent, string name)
        {
            var found = parent.Element(ns + name);
            if (found is null) parent.Add(found = new XElement(ns + name));
            return found;
        }

        Child(root, "offline").Value = "false";
        foreach (var mirrorOf in root.Elements(ns + "mirrors").Elements(ns + "mirror").Elements(ns + "mirrorOf")
                     .Where(m => m.Value.Split(',').Any(p => p.Trim() == "*")))
            mirrorOf.Value += string.Concat(repositories.Select(r => ",!" + r.Id));
        var servers = Child(root, "servers");
        var repositoryList = new XElement(ns + "repositories");
        foreach (var repository in repositories)
        {
            if (repository.UsernameEnv is not null)
                servers.Add(new XElement(ns + "server",
                    new XElement(ns + "id", repository.Id),
                    new XElement(ns + "username", "${env." + repository.UsernameEnv + "}"),
                    new XElement(ns + "password", "${env." + repository.PasswordEnv + "}")));
            repositoryList.Add(new XElement(ns + "repository",
                new XElement(ns + "id", repository.Id),
                new XElement(ns + "url", repository.Url)));
        }
        Child(root, "profiles").Add(new XElement(ns + "profile", new XElement(ns + "id", ProfileId), repositoryList));
        Child(root, "activeProfiles").Add(new XElement(ns + "activeProfile", ProfileId));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        document.Save(path);
        return path;
    }

    private static void EnsureSet(string service, int index, MavenRepositorySpec repository)
    {
        foreach (var (key, variable) in new[] { ("usernameEnv", repository.UsernameEnv), ("passwordEnv", repository.PasswordEnv) })
        {
            if (variable is null || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable))) continue;
            throw SlipwayException.Input($"services.{service}.build.repositories[{index}].{key}",
                $"the environment variable {variable} for Maven repository '{repository.Id}' ({repository.Url}) is not set",
                $"export {variable} before the build");
        }
    }
}
