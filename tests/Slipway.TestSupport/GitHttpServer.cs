using System.Security.Cryptography.X509Certificates;
using System.Text;
using CliWrap;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Slipway.TestSupport;

/// <summary>
/// git's smart HTTP protocol over HTTPS on 127.0.0.1 and a random port: Kestrel with a certificate from a throw-away CA
/// (<see cref="CaFile"/>) runs git's own <c>git http-backend</c> as a CGI for every request, behind Basic auth that
/// accepts exactly one user and token. Serves the bare repositories under <see cref="Root"/>.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly WebApplication _app;
    private readonly string _expectedAuthorization;
    private int _refused;

    public string Root => _dir.Combine("repositories");
    public string CaFile { get; }
    public Uri Url { get; private set; } = null!;
    /// <summary>Requests answered 401 (no or wrong credentials).</summary>
    public int Refused => _refused;

    private GitHttpServer(string user, string token)
    {
        Directory.CreateDirectory(Root);
        var certificates = TestCertificates.WriteTo(_dir.Combine("tls"));
        CaFile = certificates.CaFile;
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}"));
        var serverCertificate = X509Certificate2.CreateFromPemFile(certificates.ServerCertFile, certificates.ServerKeyFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate)));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>Starts a server that lets in <paramref name="user"/> with <paramref name="token"/> only.</summary>
    public static async Task<GitHttpServer> StartAsync(string user, string token)
    {
        var server = new GitHttpServer(user, token);
        await server._app.StartAsync();
        server.Url = new Uri(server._app.Urls.First());
        return server;
    }

    /// <summary>Publishes <paramref name="source"/> as the bare repository <c>&lt;name&gt;.git</c>; returns its https URL.</summary>
    public async Task<string> PublishAsync(GitTestRepo source, string name)
    {
        await source.GitAsync("clone", "-q", "--bare", source.Path, Path.Combine(Root, name + ".git"));
        return new Uri(Url, name + ".git").ToString();
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() != _expectedAuthorization)
        {
            Interlocked.Increment(ref _refused);
            http.Response.StatusCode = 401;
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            return;
        }
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var output = new MemoryStream();
        var environment = new Dictionary<string, string?>
        {
            ["GIT_PROJECT_ROOT"] = Root, ["GIT_HTTP_EXPORT_ALL"] = "1", ["REMOTE_USER"] = "git", ["REMOTE_ADDR"] = "127.0.0.1",
            ["REQUEST_METHOD"] = http.Request.Method, ["PATH_INFO"] = http.Request.Path.Value,
            ["QUERY_STRING"] = http.Request.QueryString.Value?.TrimStart('?') ?? "",
            ["CONTENT_TYPE"] = http.Request.ContentType, ["CONTENT_LENGTH"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HTTP_CONTENT_ENCODING"] = http.Request.Headers.ContentEncoding.ToString(),
            ["GIT_PROTOCOL"] = http.Request.Headers["Git-Protocol"].ToString(),
        };
        await Cli.Wrap("git").WithArguments("http-backend").WithEnvironmentVariables(environment)
            .WithStandardInputPipe(PipeSource.FromBytes(body.ToArray()))
            .WithStandardOutputPipe(PipeTarget.ToStream(output))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(http.RequestAborted);
        await WriteCgiResponseAsync(http, output.ToArray());
    }

    /// <summary>A CGI answer is header lines (a "Status: 404 Not Found" among them), a blank line, then the body.</summary>
    private static async Task WriteCgiResponseAsync(HttpContext http, byte[] cgi)
    {
        var split = IndexOf(cgi, "\r\n\r\n"u8);
        var separator = 4;
        if (split < 0) { split = IndexOf(cgi, "\n\n"u8); separator = 2; }
        if (split < 0) { http.Response.StatusCode = 502; return; }
        foreach (var line in Encoding.ASCII.GetString(cgi, 0, split).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) http.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            else http.Response.Headers.Append(name, value);
        }
        await http.Response.Body.WriteAsync(cgi.AsMemory(split + separator));
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern) => data.AsSpan().IndexOf(pattern);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }
}
