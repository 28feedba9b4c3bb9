using System.Text.RegularExpressions;

namespace Slipway.Catalog;

/// <summary>Builds the JSON paths problems are reported at, e.g. <c>$.environments.develop.docker.hosts[1].name</c>.</summary>
public static partial class CatalogPath
{
    /// <summary>Path of the given segments; strings are property names, ints are array indexes.</summary>
    public static string Of(params object[] segments)
    {
        var path = "$";
        foreach (var segment in segments)
            path = segment is int index ? $"{path}[{index}]" : Append(path, (string)segment);
        return path;
    }

    /// <summary>Appends a property name, bracket-quoting names that are not plain identifiers.</summary>
    public static string Append(string path, string property) =>
        PlainName().IsMatch(property) ? $"{path}.{property}" : $"{path}['{property.Replace("'", "\\'")}']";

    [GeneratedRegex("^[A-Za-z0-9_$-]+$")]
    private static partial Regex PlainName();
}
