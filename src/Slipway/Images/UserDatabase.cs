using Slipway.Diagnostics;

namespace Slipway.Images;

/// <summary>
/// Numeric user and group ids read from an image's /etc/passwd and /etc/group, so layer entries can be
/// owned by e.g. tomcat without an engine (a tar stores numbers; names mean nothing to the kernel).
/// </summary>
public sealed class UserDatabase
{
    private readonly Dictionary<string, (int Uid, int Gid)> _users;
    private readonly Dictionary<string, int> _groups;

    public UserDatabase(string passwd, string group)
    {
        _users = Parse(passwd, 7).ToDictionary(f => f[0], f => (int.Parse(f[2]), int.Parse(f[3])), StringComparer.Ordinal);
        _groups = Parse(group, 3).ToDictionary(f => f[0], f => int.Parse(f[2]), StringComparer.Ordinal);
    }

    /// <summary>The root-only database, for images with no /etc/passwd.</summary>
    public static UserDatabase RootOnly { get; } = new("root:x:0:0:root:/root:/bin/sh\n", "root:x:0:\n");

    /// <summary>Resolves "user:group" (names or numbers; group defaults to the user's primary group).</summary>
    public (int Uid, int Gid) Resolve(string owner, string image)
    {
        var parts = owner.Split(':', 2);
        var (uid, primaryGid) = int.TryParse(parts[0], out var u) ? (u, u)
            : _users.TryGetValue(parts[0], out var found) ? found
            : throw SlipwayException.Input($"owner '{owner}' of an application layer", $"the base image {image} has no user '{parts[0]}' in /etc/passwd",
                "use a user the base image defines (the Tomcat user of Debian's tomcat10 is 'tomcat') or a numeric uid");
        if (parts.Length == 1) return (uid, primaryGid);
        var gid = int.TryParse(parts[1], out var g) ? g
            : _groups.TryGetValue(parts[1], out var gg) ? gg
            : throw SlipwayException.Input($"owner '{owner}' of an application layer", $"the base image {image} has no group '{parts[1]}' in /etc/group",
                "use a group the base image defines or a numeric gid");
        return (uid, gid);
    }

    private static IEnumerable<string[]> Parse(string text, int minFields) =>
        text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(':'))
            .Where(f => f.Length >= minFields && int.TryParse(f[2], out _) && (minFields < 7 || int.TryParse(f[3], out _)))
            .GroupBy(f => f[0]).Select(g => g.First());
}
