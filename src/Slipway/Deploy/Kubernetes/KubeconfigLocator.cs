namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// Which kubeconfig file an environment uses: the catalog's <c>kubeconfig</c> (relative to the catalog) when set,
/// else the first file in <c>$KUBECONFIG</c>, else <c>~/.kube/config</c> (kubectl's own order, minus merging).
/// </summary>
public static class KubeconfigLocator
{
    /// <summary>The kubeconfig path and a short note on where it came from, for logs and messages.</summary>
    public static (string Path, string Source) Locate(string? catalogValue, string catalogDirectory)
    {
        if (!string.IsNullOrWhiteSpace(catalogValue))
            return (System.IO.Path.GetFullPath(catalogValue, catalogDirectory), "the catalog's kubernetes.kubeconfig");
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG")?
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (fromEnvironment is not null) return (System.IO.Path.GetFullPath(fromEnvironment), "$KUBECONFIG");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (System.IO.Path.Combine(home, ".kube", "config"), "the default ~/.kube/config");
    }
}
