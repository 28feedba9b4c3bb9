using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CliWrap;

namespace Slipway.TestSupport;

/// <summary>
/// A Maven repository served by Debian's nginx on 127.0.0.1 and a random port, behind Basic auth for one user, run in
/// the foreground as a child of the test with its own config, logs and temp folders. Artifacts are laid out by hand
/// (<see cref="PublishJarAsync"/>), as a deploy would leave them: jar, pom and their .sha1 files.
/// </summary>
public sealed class NginxMavenRepository : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly CancellationTokenSource _stop = new();
    private CommandTask<CommandResult>? _process;

    public int Port { get; } = FreePort.Next();
    public string Url => $"http://127.0.0.1:{Port}/maven/";
    public string Root => _dir.Combine("www", "maven");
    public string ErrorLog => _dir.Combine("error.log");

    public static async Task<NginxMavenRepository> StartAsync(string user, string password)
    {
        var server = new NginxMavenRepository();
        await server.StartInternalAsync(user, password);
        return server;
    }

    /// <summary>Lays out <c>group:artifact:version</c> as a jar (one manifest) with its pom, as the Maven layout wants.</summary>
    public async Task PublishJarAsync(string groupId, string artifactId, string version)
    {
        var folder = Path.Combine([Root, .. groupId.Split('.'), artifactId, version]);
        Directory.CreateDirectory(folder);
        var name = $"{artifactId}-{version}";
        using (var jar = new MemoryStream())
        {
            using (var zip = new System.IO.Compression.ZipArchive(jar, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                await using var manifest = zip.CreateEntry("META-INF/MANIFEST.MF").Open();
                await manifest.WriteAsync("Manifest-Version: 1.0\r\n\r\n"u8.ToArray());
            }
            await WriteWithChecksumAsync(Path.Combine(folder, name + ".jar"), jar.ToArray());
        }
        var pom = $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>{groupId}</groupId>
              <artifactId>{artifactId}</artifactId>
              <version>{version}</version>
              <packaging>jar</packaging>
            </project>
            """;
        await WriteWithChecksumAsync(Path.Combine(folder, name + ".pom"), Encoding.UTF8.GetBytes(pom));
    }

    private static async Task WriteWithChecksumAsync(string path, byte[] content)
    {
        await File.WriteAllBytesAsync(path, content);
        await File.WriteAllTextAsync(path + ".sha1", Convert.ToHexStringLower(SHA1.HashData(content)));
    }

    private async Task StartInternalAsync(string user, string password)
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(_dir.Combine("temp"));
        await File.WriteAllTextAsync(_dir.Combine("htpasswd"), $"{user}:{{PLAIN}}{password}\n");
        var config = _dir.Combine("nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process off;
            pid {{_dir.Combine("nginx.pid")}};
            error_log {{ErrorLog}} info;
            events { worker_connections 64; }
            http {
              access_log {{_dir.Combine("access.log")}};
              client_body_temp_path {{_dir.Combine("temp")}};
              proxy_temp_path {{_dir.Combine("temp")}};
              fastcgi_temp_path {{_dir.Combine("temp")}};
              uwsgi_temp_path {{_dir.Combine("temp")}};
              scgi_temp_path {{_dir.Combine("temp")}};
              types { application/java-archive jar; text/xml pom; text/plain sha1; }
              server {
                listen 127.0.0.1:{{Port}};
                root {{_dir.Combine("www")}};
                location /maven/ {
                  auth_basic "maven";
                  auth_basic_user_file {{_dir.Combine("htpasswd")}};
                }
              }
            }
            """);
        _process = Cli.Wrap("/usr/sbin/nginx").WithArguments(["-c", config, "-p", _dir.Path])
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_stop.Token);
        await Poll.UntilAsync(() => _process.Task.IsCompleted || Answers(), $"nginx listening on 127.0.0.1:{Port}");
        if (_process.Task.IsCompleted)
            throw new InvalidOperationException($"nginx exited at start: {(File.Exists(ErrorLog) ? await File.ReadAllTextAsync(ErrorLog) : "no log")}");
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException) { return false; }
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
