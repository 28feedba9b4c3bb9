namespace Slipway.Processes;

/// <summary>
/// The one way Slipway runs git. Every call gets the same environment: git never prompts, ignores the system
/// config and the GIT_DIR &amp; co. a hook may have exported, signs nothing and runs no hooks; commits carry the
/// identity the caller names. The user's global config still applies (credential helpers, URL rewrites, ssh keys).
/// </summary>
public static class GitRunner
{
    public const string Program = "git";

    /// <summary>Config set through the environment (git 2.31+), so it holds over any global config without changing the arguments.</summary>
    private static readonly (string Key, string Value)[] SafetyConfig =
    [
        // A signing key or a pinentry prompt would stall an unattended commit.
        ("commit.gpgSign", "false"),
        // Hooks from a global core.hooksPath must not run on Slipway's clones, commits and pushes.
        ("core.hooksPath", "/dev/null"),
    ];

    /// <summary>The variables every call sets (what a dry run shows).</summary>
    public static readonly IReadOnlyDictionary<string, string?> VisibleEnvironment = BuildVisible();

    /// <summary>The whole environment change of a call: <see cref="VisibleEnvironment"/> with <paramref name="extras"/>, inherited repository variables removed, the identity when given.</summary>
    public static IReadOnlyDictionary<string, string?> Environment(GitIdentity? identity = null, GitExtras? extras = null)
    {
        var env = new Dictionary<string, string?>(Visible(extras))
        {
            ["GIT_DIR"] = null,
            ["GIT_WORK_TREE"] = null,
            ["GIT_INDEX_FILE"] = null,
            ["GIT_OBJECT_DIRECTORY"] = null,
            ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = null,
            ["GIT_CEILING_DIRECTORIES"] = null,
        };
        if (identity is not null)
        {
            env["GIT_AUTHOR_NAME"] = identity.Name;
            env["GIT_AUTHOR_EMAIL"] = identity.Email;
            env["GIT_COMMITTER_NAME"] = identity.Name;
            env["GIT_COMMITTER_EMAIL"] = identity.Email;
        }
        return env;
    }

    /// <summary>Runs git with <paramref name="args"/> in the one environment; see <see cref="ProcessRunner.RunAsync"/>.</summary>
    /// <param name="identity">Author and committer of any commit the call makes.</param>
    /// <param name="extras">Config and variables this call adds (e.g. how it reaches a remote); none when null.</param>
    public static Task<ProcessResult> RunAsync(IReadOnlyList<string> args, GitIdentity? identity = null, Action<string>? onLine = null,
        ProcessRunOptions? options = null, CancellationToken cancellationToken = default, GitExtras? extras = null) =>
        ProcessRunner.RunAsync(Program, args, workDir: null, Environment(identity, extras), onLine, cancellationToken, options);

    /// <summary>The shell-quoted command line, secrets masked.</summary>
    public static string Describe(IReadOnlyList<string> args, IEnumerable<string>? secrets = null) =>
        ProcessRunner.Describe(Program, args, secrets);

    /// <summary>The command line with <see cref="VisibleEnvironment"/> in front: copy-pasteable as it runs.</summary>
    public static string DescribeWithEnvironment(IReadOnlyList<string> args, IEnumerable<string>? secrets = null, GitExtras? extras = null) =>
        ProcessRunner.Describe(Program, args, Visible(extras), secrets);

    private static IReadOnlyDictionary<string, string?> Visible(GitExtras? extras) =>
        extras is null || (extras.Config.Count == 0 && extras.Variables.Count == 0) ? VisibleEnvironment : BuildVisible(extras);

    private static Dictionary<string, string?> BuildVisible(GitExtras? extras = null)
    {
        var config = SafetyConfig.Select(c => KeyValuePair.Create(c.Key, c.Value)).Concat(extras?.Config ?? []).ToList();
        var env = new Dictionary<string, string?>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_COUNT"] = config.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < config.Count; i++)
        {
            env[$"GIT_CONFIG_KEY_{i}"] = config[i].Key;
            env[$"GIT_CONFIG_VALUE_{i}"] = config[i].Value;
        }
        foreach (var (name, value) in extras?.Variables ?? new Dictionary<string, string>())
            env[name] = value;
        return env;
    }
}
