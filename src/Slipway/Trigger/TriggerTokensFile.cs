using System.Text.RegularExpressions;
using Slipway.Diagnostics;

namespace Slipway.Trigger;

/// <summary>
/// The trigger API's per-actor tokens file (<c>--serve-tokens-file</c>): one <c>actor: sha256:&lt;hex&gt;</c> line per
/// actor, the hex being the SHA-256 of that actor's token (<c>printf %s "$TOKEN" | sha256sum</c>); <c>#</c> starts a
/// comment. The file must not be readable by group or others. Errors name the line, never its hash.
/// </summary>
public static partial class TriggerTokensFile
{
    /// <summary>The actor and the token's hash of every line.</summary>
    public static IReadOnlyList<(string Actor, byte[] Hash)> Read(string path)
    {
        string[] lines;
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
                throw SlipwayException.Input(path, "the tokens file can be read or written by group or others", $"chmod 600 {path}");
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw SlipwayException.Input(path, $"the tokens file cannot be read ({exception.Message})",
                "give the path of a file with one 'actor: sha256:<hash of the token>' line per actor");
        }
        var tokens = new List<(string Actor, byte[] Hash)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Split('#', 2)[0].Trim();
            if (line.Length == 0) continue;
            var match = Line().Match(line);
            if (!match.Success)
                throw SlipwayException.Input($"{path} line {i + 1}", "it is not 'actor: sha256:<64 hex digits>'",
                    "write the actor (letters, digits, . _ @ -), a colon and the SHA-256 of the token, e.g. from printf %s \"$TOKEN\" | sha256sum");
            var actor = match.Groups["actor"].Value;
            if (tokens.Any(t => t.Actor == actor))
                throw SlipwayException.Input($"{path} line {i + 1}", $"the actor '{actor}' has a token already", "give each actor one line");
            tokens.Add((actor, Convert.FromHexString(match.Groups["hash"].Value)));
        }
        if (tokens.Count == 0)
            throw SlipwayException.Input(path, "the tokens file has no token", "add one 'actor: sha256:<hash of the token>' line per actor");
        return tokens;
    }

    [GeneratedRegex("^(?<actor>[A-Za-z0-9][A-Za-z0-9._@-]{0,63})\\s*:\\s*sha256:(?<hash>[0-9a-fA-F]{64})$")]
    private static partial Regex Line();
}
