using System.Net.Sockets;
using CliWrap;
using Slipway.Catalog;
using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 and a random port, with generated ed25519 host and client keys, its own
/// sshd_config and pid file, running as a child of the test (sshd -D); <see cref="DisposeAsync"/> stops it and removes its files.
/// Logs in as the current user (root on the build machine) with the client key only; started with <c>gitOnly</c>,
/// that key can only run git-shell (a git-only login: clone, fetch and push, no shell, no forwarding).
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly CancellationTokenSource _stop = new();
    private CommandTask<CommandResult>? _process;

    public int Port { get; } = FreePort.Next();
    /// <summary>The client's private key (authorized on the server).</summary>
    public string ClientKey => _dir.Combine("client_key");
    /// <summary>known_hosts pinning the server's real host key as [127.0.0.1]:PORT.</summary>
    public string KnownHostsFile => _dir.Combine("known_hosts");
    /// <summary>known_hosts pinning a different key for [127.0.0.1]:PORT: connecting with it must be refused.</summary>
    public string WrongKnownHostsFile => _dir.Combine("known_hosts.wrong");
    /// <summary>A private key the server does not authorize.</summary>
    public string UnauthorizedClientKey => _dir.Combine("unauthorized_key");
    /// <summary>sshd's own log (-E), for diagnosing a failed test.</summary>
    public string LogFile => _dir.Combine("sshd.log");

    /// <param name="gitOnly">The client key may run git-shell only (forced command), as a git server's git user.</param>
    public static async Task<SshServer> StartAsync(bool gitOnly = false)
    {
        var server = new SshServer();
        await server.StartInternalAsync(gitOnly);
        return server;
    }

    /// <summary>The catalog ssh settings that reach this server, running the remote docker CLI against <paramref name="dockerHost"/>.</summary>
    public SshTargetSpec Target(string? dockerHost = null, bool wrongHostKey = false) => new()
    {
        Host = "127.0.0.1", Port = Port, User = Environment.UserName, IdentityFile = ClientKey,
        KnownHostsFile = wrongHostKey ? WrongKnownHostsFile : KnownHostsFile, DockerHost = dockerHost,
    };

    private async Task StartInternalAsync(bool gitOnly)
    {
        foreach (var key in new[] { "host_key", "client_key", "other_host_key", "unauthorized_key" })
            (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "slipway-test-" + key, "-f", _dir.Combine(key)]))
                .EnsureSuccess();
        var clientKey = await File.ReadAllTextAsync(_dir.Combine("client_key.pub"));
        await File.WriteAllTextAsync(_dir.Combine("authorized_keys"),
            gitOnly ? $"restrict,command=\"/usr/bin/git-shell -c \\\"$SSH_ORIGINAL_COMMAND\\\"\" {clientKey}" : clientKey);
        await File.WriteAllTextAsync(KnownHostsFile, $"[127.0.0.1]:{Port} {PublicKey("host_key")}\n");
        await File.WriteAllTextAsync(WrongKnownHostsFile, $"[127.0.0.1]:{Port} {PublicKey("other_host_key")}\n");
        var config = _dir.Combine("sshd_config");
        await File.WriteAllLinesAsync(config,
        [
            $"Port {Port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {_dir.Combine("host_key")}",
            $"PidFile {_dir.Combine("sshd.pid")}",
            $"AuthorizedKeysFile {_dir.Combine("authorized_keys")}",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "UsePAM no",
            "StrictModes no", // the key files live under /tmp, whose permissions StrictModes rejects
            "LogLevel VERBOSE",
        ]);
        Directory.CreateDirectory("/run/sshd"); // privilege separation folder sshd insists on
        _process = Cli.Wrap("/usr/sbin/sshd").WithArguments(["-D", "-f", config, "-E", LogFile])
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_stop.Token);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (_process.Task.IsCompleted)
                throw new InvalidOperationException($"sshd exited at start: {await File.ReadAllTextAsync(LogFile)}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline) { await Task.Delay(50); }
        }
    }

    private string PublicKey(string name)
    {
        var parts = File.ReadAllText(_dir.Combine(name + ".pub")).Trim().Split(' ');
        return $"{parts[0]} {parts[1]}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_process is not null)
        {
            try { await _process; }
            catch (OperationCanceledException) { }
        }
        _stop.Dispose();
        _dir.Dispose();
    }
}
