using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.FakeHost;

/// <summary>
/// The default nodes: one per <c>nce-env</c> value the shipped catalog's Kubernetes environments select
/// (services.json at the repository root), named after it and labelled <c>nce-env=&lt;value&gt;</c>.
/// </summary>
public static class CatalogNodes
{
    public static IReadOnlyList<(string Name, Dictionary<string, string> Labels)> FromShippedCatalog()
    {
        var catalog = JsonNode.Parse(File.ReadAllText(FindCatalog()))!;
        return (catalog["environments"]?.AsObject() ?? [])
            .Select(env => env.Value?["kubernetes"]?["nodeSelector"]?["nce-env"]?.GetValue<string>())
            .OfType<string>().Distinct()
            .Select(value => (value, new Dictionary<string, string> { ["nce-env"] = value }))
            .ToList();
    }

    private static string FindCatalog()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "services.json")) && File.Exists(Path.Combine(dir.FullName, "Slipway.sln")))
                    return Path.Combine(dir.FullName, "services.json");
        throw new FileNotFoundException("services.json (the shipped catalog) not found above the current folder or the program; pass --node");
    }
}
