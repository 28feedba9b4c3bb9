using System.Diagnostics;
using Slipway.Processes;
using Slipway.TestSupport;
using Xunit.Abstractions;

namespace Slipway.Tests.CommandLine;

/// <summary>
/// ./build.sh builds build/_build.csproj only when the host's inputs changed by content (build/, src/, the props files,
/// services.schema.json, the dotnet and its SDKs) and otherwise runs the built host directly. Always on a copy of the
/// repository, never the real tree. One end-to-end test with the real SDK (a cold build, an unchanged call, an edit
/// under src/: 35 s to 2 min on the shared 2 cores); the rest of the rules on a tiny tree with a stand-in `dotnet`
/// that logs its calls (under a second each).
/// </summary>
public sealed class BootstrapperTests(ITestOutputHelper output)
{
    private const string BuildingLine = "build.sh: building build/_build.csproj";

    [Fact]
    public async Task A_fresh_copy_builds_once_then_runs_the_built_host_until_a_source_under_src_changes()
    {
        using var temp = new TempDir();
        var root = temp.Combine("repo");
        await CopyTrackedFilesAsync(RepoRoot.Path, root);
        var hostDll = Path.Combine(root, "build", "bin", "Debug", "net10.0", "_build.dll");
        var hashFile = Path.Combine(root, ".nuke", "temp", "build.hash");

        // A fresh clone: no hash, no bin/. It builds, stores the hash and answers.
        var (cold, coldSeconds) = await BuildShAsync(root, "--help");
        Assert.True(cold.ExitCode == 0, cold.Output());
        Assert.Contains(BuildingLine, cold.Output());
        Assert.Contains("Values come from:", cold.StandardOutputText);
        Assert.True(File.Exists(hostDll), "the build leaves the host at " + hostDll);
        Assert.True(File.Exists(hashFile), "a successful build stores the hash");
        var built = File.GetLastWriteTimeUtc(hostDll);
        var hashWritten = File.GetLastWriteTimeUtc(hashFile);

        // Nothing changed: no build, the same answer.
        var (warm, warmSeconds) = await BuildShAsync(root, "--help");
        Assert.True(warm.ExitCode == 0, warm.Output());
        Assert.DoesNotContain(BuildingLine, warm.Output());
        var help = warm.StandardOutputText[(warm.StandardOutputText.IndexOf('\n') + 1)..]; // after the SDK banner
        Assert.Contains("Values come from:", help);
        Assert.EndsWith(help, cold.StandardOutputText); // a cold build may print MSBuild's summary before it
        Assert.Equal(built, File.GetLastWriteTimeUtc(hostDll));
        Assert.Equal(hashWritten, File.GetLastWriteTimeUtc(hashFile));

        // An edit of a file under src/ (the engine's help text): it builds again and the host says the new text.
        var helpSource = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .SingleOrDefault(f => File.ReadAllText(f).Contains("Values come from:"));
        Assert.True(helpSource is not null, "no file under src/ prints 'Values come from:' (the text this test edits)");
        var probe = "Values (bootstrap probe " + Guid.NewGuid().ToString("N")[..8] + ") come from:";
        File.WriteAllText(helpSource, File.ReadAllText(helpSource).Replace("Values come from:", probe));
        var (edited, editedSeconds) = await BuildShAsync(root, "--help");
        Assert.True(edited.ExitCode == 0, edited.Output());
        Assert.Contains(BuildingLine, edited.Output());
        Assert.Contains(probe, edited.StandardOutputText);
        Assert.NotEqual(hashWritten, File.GetLastWriteTimeUtc(hashFile));

        // And the call after it is warm again.
        var (again, againSeconds) = await BuildShAsync(root, "--help");
        Assert.True(again.ExitCode == 0, again.Output());
        Assert.DoesNotContain(BuildingLine, again.Output());
        Assert.Contains(probe, again.StandardOutputText);
    }

    // The rules, on a tiny tree and a stand-in dotnet: which changes make ./build.sh build.

    [Theory]
    [InlineData("a file under src/ edited", true)]
    [InlineData("a file under build/ edited", true)]
    [InlineData("a file added under src/", true)]
    [InlineData("a file deleted under build/", true)]
    [InlineData("a file renamed under src/", true)]
    [InlineData("Directory.Build.props edited", true)]
    [InlineData("Directory.Packages.props edited", true)]
    [InlineData("global.json edited", true)]
    [InlineData("services.schema.json edited", true)]
    [InlineData("another SDK installed", true)]
    [InlineData("the host deleted", true)]
    [InlineData("the output rewritten by another build", true)]
    [InlineData("a source touched, content unchanged", false)]
    [InlineData("a file under obj/ written", false)]
    [InlineData("a file outside build/ and src/ edited", false)]
    public async Task A_change_of_the_hosts_inputs_by_content_builds_and_anything_else_does_not(string change, bool builds)
    {
        using var tree = await FakeTree.CreateAsync();
        var first = await tree.RunAsync("--help");
        Assert.True(first.ExitCode == 0, first.Output());
        Assert.Equal(1, tree.Builds);
        var unchanged = await tree.RunAsync("--help");
        Assert.True(unchanged.ExitCode == 0, unchanged.Output());
        Assert.Equal(1, tree.Builds);
        Assert.Equal(1, tree.Calls.Count(c => c.EndsWith(" --version"))); // the warm call does not start the SDK

        var sdks = "10.0.100";
        switch (change)
        {
            case "a file under src/ edited": File.AppendAllText(tree.Combine("src", "Lib", "Lib.cs"), "// edited\n"); break;
            case "a file under build/ edited": File.AppendAllText(tree.Combine("build", "Build.cs"), "// edited\n"); break;
            case "a file added under src/": File.WriteAllText(tree.Combine("src", "Lib", "Added.cs"), ""); break;
            case "a file deleted under build/": File.Delete(tree.Combine("build", "Extra.cs")); break;
            case "a file renamed under src/": File.Move(tree.Combine("src", "Lib", "Lib.cs"), tree.Combine("src", "Lib", "Renamed.cs")); break;
            case "Directory.Build.props edited": File.AppendAllText(tree.Combine("Directory.Build.props"), "<!-- -->\n"); break;
            case "Directory.Packages.props edited": File.AppendAllText(tree.Combine("Directory.Packages.props"), "<!-- -->\n"); break;
            case "global.json edited": File.WriteAllText(tree.Combine("global.json"), "{ \"sdk\": { \"version\": \"10.0.200\" } }\n"); break;
            case "services.schema.json edited": File.AppendAllText(tree.Combine("services.schema.json"), "\n"); break;
            case "another SDK installed": sdks = "10.0.100 10.0.300"; break;
            case "the host deleted": File.Delete(tree.HostDll); break;
            case "the output rewritten by another build":
                // e.g. `dotnet test tests/Slipway.Tests` builds build/ too, possibly from other sources.
                File.WriteAllText(tree.HostDll, "built elsewhere");
                File.SetLastWriteTimeUtc(tree.HostDll, File.GetLastWriteTimeUtc(tree.HashFile).AddSeconds(5));
                break;
            case "a source touched, content unchanged":
                File.SetLastWriteTimeUtc(tree.Combine("src", "Lib", "Lib.cs"), DateTime.UtcNow.AddHours(1));
                break;
            case "a file under obj/ written":
                Directory.CreateDirectory(tree.Combine("src", "Lib", "obj"));
                File.WriteAllText(tree.Combine("src", "Lib", "obj", "project.assets.json"), "{}");
                break;
            case "a file outside build/ and src/ edited": File.AppendAllText(tree.Combine("README.md"), "more\n"); break;
            default: throw new ArgumentException(change);
        }

        var after = await tree.RunWithAsync(new() { ["FAKE_SDKS"] = sdks }, null, "--help");
        Assert.True(after.ExitCode == 0, after.Output());
        Assert.Equal(builds ? 2 : 1, tree.Builds);
        Assert.Equal(builds, after.Output().Contains(BuildingLine));
        Assert.Contains("host ran: --help", after.StandardOutputText);
        Assert.Contains("Microsoft (R) .NET SDK version 10.0.100", after.StandardOutputText);
    }

    [Fact]
    public async Task A_failed_build_leaves_no_hash_so_the_next_call_builds_again_even_after_the_edit_is_undone()
    {
        using var tree = await FakeTree.CreateAsync();
        Assert.Equal(0, (await tree.RunAsync("--help")).ExitCode);
        var good = File.ReadAllText(tree.HashFile);

        File.AppendAllText(tree.Combine("build", "Build.cs"), "class Broken {\n");
        var failed = await tree.RunWithAsync(new() { ["FAKE_BUILD_FAILS"] = "1" }, null, "--help");
        Assert.Equal(1, failed.ExitCode);
        Assert.DoesNotContain("host ran", failed.Output());
        Assert.False(File.Exists(tree.HashFile), "a failed build must not leave a hash");

        // Back to the sources of the last good build: the output may hold parts of the failed one, so it builds.
        File.WriteAllText(tree.Combine("build", "Build.cs"), FakeTree.BuildCs);
        var recovered = await tree.RunAsync("--help");
        Assert.True(recovered.ExitCode == 0, recovered.Output());
        Assert.Equal(3, tree.Builds);
        Assert.Equal(good, File.ReadAllText(tree.HashFile));
    }

    [Fact]
    public async Task A_file_that_cannot_be_hashed_makes_every_call_build_and_stores_no_hash()
    {
        using var tree = await FakeTree.CreateAsync();
        File.WriteAllText(tree.Combine("src", "Lib", FakeTree.Unhashable), "");
        foreach (var _ in new[] { "first", "second" })
        {
            var r = await tree.RunAsync("--help");
            Assert.True(r.ExitCode == 0, r.Output());
            Assert.Contains("host ran: --help", r.StandardOutputText);
            Assert.False(File.Exists(tree.HashFile), "no hash without every input hashed");
        }
        Assert.Equal(2, tree.Builds);
    }

    [Fact]
    public async Task The_built_host_gets_the_arguments_and_the_callers_working_directory_and_its_exit_code_is_the_scripts()
    {
        using var tree = await FakeTree.CreateAsync();
        var cwd = tree.Combine("src");
        foreach (var _ in new[] { "cold", "warm" })
        {
            var r = await tree.RunWithAsync(new() { ["FAKE_HOST_EXIT"] = "3" }, cwd, "Deploy", "--env", "two words", "");
            Assert.Equal(3, r.ExitCode);
            Assert.Contains($"host ran: Deploy|--env|two words| in {cwd}", r.StandardOutputText);
            Assert.Contains("Microsoft (R) .NET SDK version 10.0.100", r.StandardOutputText);
        }
        Assert.Equal(1, tree.Builds);
        Assert.DoesNotContain(tree.Calls, c => c.Contains(" run "));
    }

    [Fact]
    public async Task Without_dotnet_on_PATH_the_installed_one_builds_and_runs_the_host_with_DOTNET_ROOT_warm_too()
    {
        using var tree = await FakeTree.CreateAsync(FakeTree.Dotnet.InstalledOnly);
        foreach (var _ in new[] { "cold", "warm" })
        {
            var r = await tree.RunAsync("--help");
            Assert.True(r.ExitCode == 0, r.Output());
            Assert.Contains($"host ran: --help in {tree.Combine()} with DOTNET_ROOT={tree.Combine(".nuke", "temp", "dotnet-unix")}", r.StandardOutputText);
        }
        Assert.Equal(1, tree.Builds);
        Assert.All(tree.Calls, c => Assert.StartsWith("installed ", c));
    }

    [Fact]
    public async Task A_dotnet_on_PATH_that_does_not_answer_is_asked_again_on_every_call_and_the_installed_one_is_used()
    {
        using var tree = await FakeTree.CreateAsync(FakeTree.Dotnet.BrokenOnPathAndInstalled);
        foreach (var _ in new[] { "first", "second" })
        {
            var r = await tree.RunAsync("--help");
            Assert.True(r.ExitCode == 0, r.Output());
            Assert.Contains("host ran: --help", r.StandardOutputText);
        }
        Assert.Equal(2, tree.Calls.Count(c => c == "broken --version"));
        Assert.Equal(2, tree.Builds); // as before the hash: the up-to-date check on every call, by the installed dotnet
        Assert.All(tree.Calls.Where(c => !c.StartsWith("broken ")), c => Assert.StartsWith("installed ", c));
    }

    [Fact]
    public async Task A_dotnet_appearing_on_PATH_after_a_build_with_the_installed_one_builds_again_with_it()
    {
        using var tree = await FakeTree.CreateAsync(FakeTree.Dotnet.InstalledOnly);
        Assert.Equal(0, (await tree.RunAsync("--help")).ExitCode);
        tree.PutDotnetOnPath();
        var r = await tree.RunAsync("--help");
        Assert.True(r.ExitCode == 0, r.Output());
        Assert.Equal(2, tree.Builds);
        Assert.StartsWith("path ", tree.Calls.Last());
    }

    private async Task<(ProcessResult Result, double Seconds)> BuildShAsync(string root, params string[] args)
    {
        var watch = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(root, "build.sh"), .. args], root, MsBuildFreeEnvironment(),
            options: new ProcessRunOptions { TailLines = 2000 });
        output.WriteLine($"./build.sh {string.Join(' ', args)}: exit {result.ExitCode} in {watch.Elapsed.TotalSeconds:F2} s");
        return (result, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The test host's MSBuild variables (set by `dotnet test`) removed, so the copy builds as from a shell.</summary>
    private static Dictionary<string, string?> MsBuildFreeEnvironment() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH")
            .ToDictionary(k => k, _ => (string?)null);

    /// <summary>The repository as a fresh clone has it: the tracked files (as in the working tree), no bin/, obj/ or .nuke/temp.</summary>
    private static async Task CopyTrackedFilesAsync(string from, string to)
    {
        var files = await ProcessRunner.RunAsync("git", ["ls-files"], from, options: new ProcessRunOptions { TailLines = 100_000 });
        files.EnsureSuccess();
        foreach (var file in files.StandardOutput.Where(f => f.Length > 0))
        {
            var source = Path.Combine(from, file);
            if (!File.Exists(source)) continue; // deleted in the working tree, not yet committed
            var target = Path.Combine(to, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }

    /// <summary>
    /// A tiny tree with the real build.sh and a stand-in `dotnet`, on PATH or installed in .nuke/temp/dotnet-unix (PATH
    /// then holds only the few tools build.sh needs, so the machine's own dotnet is out of reach). The stand-in logs every
    /// call with its label ("path", "installed", "broken"). `--version` answers 10.0.100 ("broken" fails), `--list-sdks`
    /// lists FAKE_SDKS, `build` writes the host (or fails with FAKE_BUILD_FAILS), the host prints its arguments, working
    /// directory and DOTNET_ROOT and exits with FAKE_HOST_EXIT.
    /// </summary>
    private sealed class FakeTree : IDisposable
    {
        public enum Dotnet { OnPath, InstalledOnly, BrokenOnPathAndInstalled }

        public const string BuildCs = "partial class Build { }\n";

        private const string FakeDotnet = """
            #!/bin/bash
            echo "LABEL $*" >> "$FAKE_DOTNET_LOG"
            [[ "LABEL" == broken ]] && exit 1
            case "$1" in
              --version) echo "10.0.100" ;;
              --list-sdks) for v in ${FAKE_SDKS:-10.0.100}; do echo "$v [/fake/sdk]"; done ;;
              build)
                if [[ -n "$FAKE_BUILD_FAILS" ]]; then echo "error CS1513: } expected"; exit 1; fi
                out="$(dirname "$2")/bin/Debug/net10.0"
                mkdir -p "$out" && echo "host" > "$out/_build.dll" ;;
              *.dll) shift; (IFS='|'; echo "host ran: $* in $PWD${DOTNET_ROOT:+ with DOTNET_ROOT=$DOTNET_ROOT}"); exit "${FAKE_HOST_EXIT:-0}" ;;
              *) echo "unexpected: $*" >&2; exit 99 ;;
            esac
            """;

        /// <summary>What build.sh and the stand-in run, linked into the tools folder (sha256sum wrapped, see <see cref="Unhashable"/>).</summary>
        private static readonly string[] Tools = ["bash", "dirname", "find", "sort", "xargs", "mkdir", "mv", "rm"];

        /// <summary>A file of this name cannot be read by the tree's sha256sum (as root, a real unreadable file is readable).</summary>
        public const string Unhashable = "unhashable.txt";

        private readonly TempDir _dir = new();
        private string FakeBin => _dir.Combine("fake-bin");
        private string ToolsBin => _dir.Combine("tools");
        private string Log => _dir.Combine("dotnet.log");
        private string Root => _dir.Combine("repo");

        public string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
        public string HostDll => Combine("build", "bin", "Debug", "net10.0", "_build.dll");
        public string HashFile => Combine(".nuke", "temp", "build.hash");
        public string[] Calls => File.Exists(Log) ? File.ReadAllLines(Log) : [];
        public int Builds => Calls.Count(c => c.Split(' ').ElementAtOrDefault(1) == "build");

        public static async Task<FakeTree> CreateAsync(Dotnet dotnet = Dotnet.OnPath)
        {
            var tree = new FakeTree();
            Directory.CreateDirectory(tree.FakeBin);
            Directory.CreateDirectory(tree.ToolsBin);
            foreach (var tool in Tools)
                File.CreateSymbolicLink(Path.Combine(tree.ToolsBin, tool), Which(tool));
            WriteExecutable(Path.Combine(tree.ToolsBin, "sha256sum"),
                "#!/bin/bash\n" +
                $"for f in \"$@\"; do [[ \"$f\" == */{Unhashable} ]] && {{ echo \"sha256sum: $f: Permission denied\" >&2; exit 1; }}; done\n" +
                $"exec {Which("sha256sum")} \"$@\"\n");
            if (dotnet == Dotnet.OnPath) tree.PutDotnetOnPath();
            if (dotnet != Dotnet.OnPath) WriteDotnet(tree.Combine(".nuke", "temp", "dotnet-unix", "dotnet"), "installed");
            if (dotnet == Dotnet.BrokenOnPathAndInstalled) WriteDotnet(Path.Combine(tree.FakeBin, "dotnet"), "broken");
            File.Copy(RepoRoot.Combine("build.sh"), tree.Combine("build.sh").EnsureFolder());
            foreach (var (path, content) in new[]
                     {
                         ("build/_build.csproj", "<Project />\n"), ("build/Build.cs", BuildCs), ("build/Extra.cs", "// extra\n"),
                         ("src/Lib/Lib.csproj", "<Project />\n"), ("src/Lib/Lib.cs", "class Lib { }\n"),
                         ("Directory.Build.props", "<Project />\n"), ("Directory.Packages.props", "<Project />\n"),
                         ("global.json", "{ \"sdk\": { \"version\": \"10.0.100\" } }\n"), ("services.schema.json", "{}\n"),
                         ("README.md", "readme\n"),
                     })
                await File.WriteAllTextAsync(tree.Combine(path.Split('/')).EnsureFolder(), content);
            return tree;
        }

        public void PutDotnetOnPath() => WriteDotnet(Path.Combine(FakeBin, "dotnet"), "path");

        private static void WriteDotnet(string path, string label) =>
            WriteExecutable(path, FakeDotnet.Replace("\r\n", "\n").Replace("LABEL", label) + "\n");

        private static void WriteExecutable(string path, string script)
        {
            File.WriteAllText(path.EnsureFolder(), script);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        private static string Which(string tool) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{tool} is not on PATH");

        public Task<ProcessResult> RunAsync(params string[] args) => RunWithAsync(new(), null, args);

        /// <summary>./build.sh with <paramref name="args"/>, with these variables, from <paramref name="workDir"/> (default: the tree's root).</summary>
        public Task<ProcessResult> RunWithAsync(Dictionary<string, string?> env, string? workDir, params string[] args)
        {
            env["PATH"] = FakeBin + ":" + ToolsBin;
            env["FAKE_DOTNET_LOG"] = Log;
            env["DOTNET_ROOT"] = null;
            return ProcessRunner.RunAsync(Path.Combine(ToolsBin, "bash"), [Combine("build.sh"), .. args], workDir ?? Root, env);
        }

        public void Dispose() => _dir.Dispose();
    }
}

file static class PathExtensions
{
    /// <summary>Creates the file's folder; returns the path.</summary>
    public static string EnsureFolder(this string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return file;
    }
}
