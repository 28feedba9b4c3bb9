using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>A real git repository in a temp folder, with deterministic author/committer identity and dates.</summary>
public sealed class GitTestRepo
{
    private int _commitCount;

    private GitTestRepo(string path) => Path = path;

    public string Path { get; }

    /// <summary>Fixed base date; each commit is one minute later.</summary>
    public static readonly DateTimeOffset BaseDate = new(2026, 11, 25, 6, 57, 36, TimeSpan.Zero);

    public static async Task<GitTestRepo> InitAsync(string path, string initialBranch = "main")
    {
        Directory.CreateDirectory(path);
        var repo = new GitTestRepo(path);
        await repo.GitAsync("init", "-q", "-b", initialBranch);
        return repo;
    }

    public async Task<string> GitAsync(params string[] args)
    {
        var env = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "Ada Tester",
            ["GIT_AUTHOR_EMAIL"] = "ada@example.test",
            ["GIT_COMMITTER_NAME"] = "Ada Tester",
            ["GIT_COMMITTER_EMAIL"] = "ada@example.test",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_DIR"] = null,
        };
        var date = BaseDate.AddMinutes(_commitCount).ToString("yyyy-MM-ddTHH:mm:ssK");
        env["GIT_AUTHOR_DATE"] = date;
        env["GIT_COMMITTER_DATE"] = date;
        var r = await ProcessRunner.RunAsync("git", args, Path, env);
        r.EnsureSuccess();
        return r.StandardOutputText.Trim();
    }

    /// <summary>Writes the files and commits them; returns the full sha.</summary>
    public async Task<string> CommitAsync(string message, params (string Path, string Content)[] files)
    {
        foreach (var (p, content) in files)
        {
            var full = System.IO.Path.Combine(Path, p);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
            await GitAsync("add", "--", p);
        }
        await GitAsync("commit", "-q", "--allow-empty", "-m", message);
        _commitCount++;
        return await GitAsync("rev-parse", "HEAD");
    }

    /// <summary>The committer date the next commit will get.</summary>
    public DateTimeOffset NextCommitDate => BaseDate.AddMinutes(_commitCount);
}
