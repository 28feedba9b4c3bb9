using System.Globalization;
using Slipway.Catalog;

namespace Slipway.Deploy;

/// <summary>
/// The NCE_* variables the image's start script reads, the same in every deploy mode. The order is fixed: a
/// reordered list would change committed static-pod manifests and Kubernetes pod templates, and so restart pods.
/// </summary>
public static class ServiceEnvironmentVariables
{
    /// <summary>The variables of <paramref name="settings"/>; a mode adds its host's port offset and whether it binds loopback only.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(ResolvedService settings, int portOffset = 0, bool loopbackOnly = false) =>
        Of(settings.Port + portOffset, settings.Conf, settings.Xms, settings.Xmx, settings.JavaOpts, loopbackOnly);

    /// <summary>The variables from the values themselves; empty values are left out.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Of(int port, string? conf, string? xms, string? xmx, string? javaOpts,
        bool loopbackOnly)
    {
        var variables = new List<KeyValuePair<string, string>> { new("NCE_PORT", port.ToString(CultureInfo.InvariantCulture)) };
        void AddIfSet(string name, string? value) { if (!string.IsNullOrEmpty(value)) variables.Add(new(name, value)); }
        AddIfSet("NCE_CONF", conf);
        // A service reached on loopback binds only loopback: nothing on a shared machine listens wider than it must.
        if (loopbackOnly) variables.Add(new("NCE_ADDRESS", "127.0.0.1"));
        AddIfSet("NCE_XMS", xms);
        AddIfSet("NCE_XMX", xmx);
        AddIfSet("NCE_JAVA_OPTS", javaOpts);
        return variables;
    }
}
