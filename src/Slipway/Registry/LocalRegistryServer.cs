using System.Diagnostics;
using System.Net;
using CliWrap;
using CliWrap.Buffered;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Registry;

/// <summary>Options of a <see cref="LocalRegistryServer"/>.</summary>
public sealed record LocalRegistryOptions
{
    /// <summary>When set (with <see cref="Password"/>), the registry requires Basic auth from an htpasswd file with this user.</summary>
    public string? Username { get; init; }
    /// <summary>Password of <see cref="Username"/>; written only bcrypt-hashed to the htpasswd file, never logged.</summary>
    public string? Password { get; init; }
    /// <summary>The registry binary. Default /usr/bin/docker-registry (Debian's CNCF distribution).</summary>
    public string Executable { get; init; } = "/usr/bin/docker-registry";
    /// <summary>How long to wait for /v2/ to answer after starting. Default 20 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// A CNCF distribution registry on 127.0.0.1, started detached so it outlives the build (catalog registries with
/// <c>managed: true</c>). Files under the data directory: <c>config.yml</c>, <c>storage/</c>, <c>registry.log</c>,
/// <c>registry.pid</c>, and <c>htpasswd</c> when auth is on.
/// </summary>
public sealed class LocalRegistryServer
{
    /// <summary>http://127.0.0.1:PORT</summary>
    public string Url => $"http://127.0.0.1:{Port}";
    /// <summary>"127.0.0.1:PORT", the registry part of image references.</summary>
    public string Host => $"127.0.0.1:{Port}";
    /// <summary>Loopback port the registry listens on.</summary>
    public int Port { get; }
    /// <summary>Folder holding config, storage, log and pid file.</summary>
    public string DataDirectory { get; }
    /// <summary>Process id of the registry, or null when an already running registry was reused without a pid file.</summary>
    public int? ProcessId { get; }
    /// <summary>True when this call found a registry already answering and reused it.</summary>
    public bool Reused { get; }

    private LocalRegistryServer(int port, string dataDir, int? pid, bool reused)
    {
        Port = port;
        DataDirectory = dataDir;
        ProcessId = pid;
        Reused = reused;
    }

    /// <summary>
    /// Makes sure a registry answers on 127.0.0.1:<paramref name="port"/>: reuses one that already answers /v2/,
    /// else writes <c>config.yml</c> under <paramref name="dataDir"/> and starts docker-registry detached
    /// (setsid; output to registry.log; pid in registry.pid), then waits until /v2/ answers.
    /// </summary>
    public static async Task<LocalRegistryServer> EnsureRunningAsync(string dataDir, int port, IBuildLog log,
        LocalRegistryOptions? options = null, CancellationToken ct = default)
    {
        dataDir = Path.GetFullPath(dataDir);
        if (await AnswersAsync(port, ct))
        {
            log.Info($"registry 127.0.0.1:{port} already running, reusing it");
            return new LocalRegistryServer(port, dataDir, ReadPid(dataDir), reused: true);
        }
        return await StartAsync(dataDir, port, log, options, ct);
    }

    /// <summary>
    /// Writes <c>config.yml</c> under <paramref name="dataDir"/>, starts docker-registry detached on 127.0.0.1:<paramref name="port"/>
    /// (setsid; output to registry.log; pid in registry.pid) and waits until /v2/ answers.
    /// </summary>
    public static async Task<LocalRegistryServer> StartAsync(string dataDir, int port, IBuildLog log,
        LocalRegistryOptions? options = null, CancellationToken ct = default)
    {
        dataDir = Path.GetFullPath(dataDir);
        var pid = await LaunchAsync(dataDir, port, options ?? new LocalRegistryOptions(), log, ct);
        return new LocalRegistryServer(port, dataDir, pid, reused: false);
    }

    private static async Task<int> LaunchAsync(string dataDir, int port, LocalRegistryOptions options, IBuildLog log, CancellationToken ct)
    {
        if (!File.Exists(options.Executable))
            throw SlipwayException.Input($"registry binary {options.Executable}", "is not installed", "apt-get install -y docker-registry");
        Directory.CreateDirectory(Path.Combine(dataDir, "storage"));
        string? htpasswd = null;
        if (options.Username is not null)
        {
            htpasswd = Path.Combine(dataDir, "htpasswd");
            await WriteHtpasswdAsync(htpasswd, options.Username, options.Password ?? "", ct);
        }
        var config = Path.Combine(dataDir, "config.yml");
        await File.WriteAllTextAsync(config, RenderConfig(dataDir, port, htpasswd), ct);
        var logFile = Path.Combine(dataDir, "registry.log");

        // setsid: own session, so the registry survives the build process; the shell exits right away.
        const string script = "setsid \"$0\" serve \"$1\" >>\"$2\" 2>&1 </dev/null & echo $!";
        var result = await Cli.Wrap("/bin/sh")
            .WithArguments(["-c", script, options.Executable, config, logFile])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        if (result.ExitCode != 0 || !int.TryParse(result.StandardOutput.Trim(), out var pid))
            throw new SlipwayException($"registry 127.0.0.1:{port}: could not start {options.Executable}: {result.StandardError.Trim()}");
        await File.WriteAllTextAsync(Path.Combine(dataDir, "registry.pid"), pid.ToString(), ct);
        log.Detail($"started registry 127.0.0.1:{port} (pid {pid}, data {dataDir})");

        var deadline = DateTime.UtcNow + options.StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await AnswersAsync(port, ct)) return pid;
            if (!ProcessLiveness.IsAlive(pid)) break;
            await Task.Delay(50, ct);
        }
        var tail = File.Exists(logFile) ? string.Join('\n', File.ReadLines(logFile).TakeLast(10)) : "";
        if (ProcessLiveness.IsAlive(pid)) { try { using var p = Process.GetProcessById(pid); p.Kill(); } catch (Exception) { } }
        throw new SlipwayException(
            $"registry 127.0.0.1:{port} did not answer GET /v2/ within {options.StartTimeout.TotalSeconds:0} s. " +
            $"Check {logFile} (is the port taken by something else?). Last log lines:\n{tail}");
    }

    /// <summary>The docker-registry config YAML: filesystem storage under <paramref name="dataDir"/>, deletes enabled, loopback only.</summary>
    internal static string RenderConfig(string dataDir, int port, string? htpasswdPath)
    {
        var auth = htpasswdPath is null ? "" : $"""
            auth:
              htpasswd:
                realm: slipway
                path: {htpasswdPath}

            """;
        return $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(dataDir, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
              headers:
                X-Content-Type-Options: [nosniff]
            {auth}
            """;
    }

    private static async Task WriteHtpasswdAsync(string path, string user, string password, CancellationToken ct)
    {
        // -i: password from stdin, so it never appears on a command line.
        var result = await Cli.Wrap("htpasswd")
            .WithArguments(["-B", "-i", "-n", user])
            .WithStandardInputPipe(PipeSource.FromString(password))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        if (result.ExitCode != 0)
            throw new SlipwayException($"htpasswd for user '{user}' failed (exit {result.ExitCode}): {result.StandardError.Trim()}. Fix: apt-get install -y apache2-utils");
        await File.WriteAllTextAsync(path, result.StandardOutput, ct);
    }

    /// <summary>True when something on 127.0.0.1:<paramref name="port"/> answers GET /v2/ like a registry (200 or 401).</summary>
    public static async Task<bool> AnswersAsync(int port, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/v2/", ct);
            return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized
                && response.Headers.Contains("Docker-Distribution-Api-Version");
        }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return false; }
    }

    /// <summary>The pid recorded in <c>registry.pid</c> under <paramref name="dataDir"/>, if any.</summary>
    public static int? ReadPid(string dataDir)
    {
        var file = Path.Combine(dataDir, "registry.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
    }
}
