using System.Text.RegularExpressions;

namespace Slipway.Catalog;

/// <summary>Syntax checks for the names the catalog passes to Kubernetes, docker and git.</summary>
public static partial class NameSyntax
{
    /// <summary>True for a Kubernetes DNS-1123 label: <c>^[a-z0-9]([-a-z0-9]*[a-z0-9])?$</c>, at most 63 characters.</summary>
    public static bool IsDns1123Label(string? name) => name is { Length: > 0 and <= 63 } && Dns1123Label().IsMatch(name);

    /// <summary>True for a docker image reference <c>[host[:port]/]path[:tag][@sha256:64hex]</c> with lower-case path components.</summary>
    public static bool IsImageReference(string? reference) => reference is { Length: > 0 and <= 255 } && ImageReference().IsMatch(reference);

    /// <summary>
    /// True for a reference inside one registry, <c>path[:tag][@sha256:64hex]</c>, whose first component is not a host
    /// (no '.', no port, not localhost): the host comes from the catalog's registry entry.
    /// </summary>
    public static bool IsReferenceInRegistry(string? reference)
    {
        if (!IsImageReference(reference)) return false;
        var name = reference!.Split('@')[0];
        var slash = name.IndexOf('/');
        return slash < 0 || !IsHostComponent(name[..slash]);
    }

    private static bool IsHostComponent(string component) => component.Contains('.') || component.Contains(':') || component == "localhost";

    /// <summary>True for a lower-case registry namespace path such as <c>ncerepo</c> or <c>team/apps</c>.</summary>
    public static bool IsRepositoryPath(string? path) => path is { Length: > 0 } && RepositoryPath().IsMatch(path);

    /// <summary>Why <paramref name="branch"/> is not a valid git branch name (git check-ref-format rules), or null when it is.</summary>
    public static string? GitBranchProblem(string? branch)
    {
        if (string.IsNullOrEmpty(branch)) return "is empty";
        if (branch == "@") return "is '@', which git reserves";
        if (branch.StartsWith('-')) return "starts with '-'";
        if (branch.Any(c => c < 0x20 || c == 0x7f)) return "contains a control character";
        var forbidden = branch.FirstOrDefault(c => " ~^:?*[\\".Contains(c));
        if (forbidden != default) return $"contains '{forbidden}'";
        if (branch.Contains("..")) return "contains '..'";
        if (branch.Contains("@{")) return "contains '@{'";
        if (branch.Contains("//")) return "contains '//'";
        if (branch.StartsWith('/') || branch.EndsWith('/')) return "starts or ends with '/'";
        if (branch.EndsWith('.')) return "ends with '.'";
        foreach (var component in branch.Split('/'))
        {
            if (component.StartsWith('.')) return $"has a component starting with '.' ('{component}')";
            if (component.EndsWith(".lock", StringComparison.Ordinal)) return $"has a component ending with '.lock' ('{component}')";
        }
        return null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    private const string DomainComponent = @"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string PathComponent = @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";

    // distribution/reference grammar. Like docker, a first component is a registry host only if it has a '.' or a port or is
    // localhost; unlike docker, an upper-case first component ("Slipway/app") is then a path component and rejected, not a host.
    [GeneratedRegex(
        "^(?:(?:(?:localhost|" + DomainComponent + @"(?:\." + DomainComponent + ")+)(?::[0-9]+)?|" + DomainComponent + ":[0-9]+)/)?" +
        PathComponent + "(?:/" + PathComponent + ")*" +
        @"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$")]
    private static partial Regex ImageReference();

    [GeneratedRegex("^" + PathComponent + "(?:/" + PathComponent + ")*$")]
    private static partial Regex RepositoryPath();
}
