using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Slipway.Registry;

namespace Slipway.TestSupport;

/// <summary>
/// A real docker-registry with token auth (as Docker Hub, Harbor or GitLab run it) and the token service it trusts, in
/// process on 127.0.0.1: the service signs RS256 tokens with a throw-away certificate that the registry's config names as
/// its root, granting exactly the access the request asked for, less what <see cref="Grants"/> refuses (a user lacking
/// permissions). <see cref="ClockOffset"/> makes the token service's clock run ahead (clock skew: the registry reads the
/// token as not yet valid). Any user name and password get a token. With <see cref="TestCertificates"/> the registry
/// speaks HTTPS only, with a certificate from the test's CA (and, if asked, wants a client certificate from that CA).
/// </summary>
public sealed class TokenAuthRegistry : IAsyncDisposable
{
    public const string Service = "slipway-test-registry";
    private const string Issuer = "slipway-test-token-service";

    private readonly TempDir _dir = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly HttpListener _tokens = new();
    private readonly Task _tokenLoop;
    private Process? _registry;

    /// <summary>
    /// The policy: whether the user (of the token request's Basic auth; "" when anonymous) is granted an action ("pull",
    /// "push") on a repository it asked for. Default: all of them.
    /// </summary>
    public Func<string, string, string, bool> Grants { get; set; } = (_, _, _) => true;
    /// <summary>How far the token service's clock is ahead of the registry's. Default zero.</summary>
    public TimeSpan ClockOffset { get; set; }
    /// <summary>Tokens handed out so far.</summary>
    public int TokensGranted => Volatile.Read(ref _granted);
    private int _granted;
    /// <summary>The scopes of every token request so far, each request's scopes joined by a space, in order.</summary>
    public IReadOnlyList<string> TokenRequests { get { lock (_requests) return [.. _requests]; } }
    private readonly List<string> _requests = [];
    private readonly TestCertificates? _tls;
    private readonly bool _clientCertificates;

    public int Port { get; } = FreePort.Next();
    /// <summary>http(s)://127.0.0.1:PORT of the registry.</summary>
    public string Url => $"{(_tls is null ? "http" : "https")}://127.0.0.1:{Port}";
    /// <summary>"127.0.0.1:PORT", the registry part of image references.</summary>
    public string Host => $"127.0.0.1:{Port}";
    /// <summary>The token endpoint (the realm of the registry's challenges).</summary>
    public string Realm { get; }

    private TokenAuthRegistry(TestCertificates? tls, bool clientCertificates)
    {
        _tls = tls;
        _clientCertificates = clientCertificates;
        var request = new CertificateRequest("CN=" + Issuer, _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Realm = $"http://127.0.0.1:{FreePort.Next()}/token";
        _tokens.Prefixes.Add(Realm[..^"token".Length]);
        _tokens.Start();
        _tokenLoop = Task.Run(ServeTokensAsync);
    }

    /// <param name="tls">Serve HTTPS with these certificates (server certificate for 127.0.0.1); null: plain http.</param>
    /// <param name="clientCertificates">With <paramref name="tls"/>: refuse clients without a certificate from its CA.</param>
    public static async Task<TokenAuthRegistry> StartAsync(TestCertificates? tls = null, bool clientCertificates = false)
    {
        var registry = new TokenAuthRegistry(tls, clientCertificates);
        try
        {
            await registry.StartRegistryAsync();
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    private async Task StartRegistryAsync()
    {
        var bundle = _dir.Combine("token-ca.pem");
        await File.WriteAllTextAsync(bundle, _certificate.ExportCertificatePem());
        var config = _dir.Combine("config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {_dir.Combine("storage")}
            http:
              addr: 127.0.0.1:{Port}
            {TlsConfig()}
            auth:
              token:
                realm: {Realm}
                service: {Service}
                issuer: {Issuer}
                rootcertbundle: {bundle}
            """);
        _registry = Process.Start(new ProcessStartInfo("/usr/bin/docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        _registry.OutputDataReceived += (_, _) => { };
        _registry.ErrorDataReceived += (_, _) => { };
        _registry.BeginOutputReadLine();
        _registry.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await ListensAsync())
        {
            if (_registry.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"docker-registry with token auth did not listen on {Url} (exited: {_registry.HasExited})");
            await Task.Delay(50);
        }
    }

    /// <summary>The http.tls block (indented under http:), or nothing.</summary>
    private string TlsConfig()
    {
        if (_tls is null) return "";
        var clientCas = _clientCertificates ? $"\n    clientcas:\n      - {_tls.CaFile}" : "";
        return $"  tls:\n    certificate: {_tls.ServerCertFile}\n    key: {_tls.ServerKeyFile}{clientCas}";
    }

    private async Task<bool> ListensAsync()
    {
        using var client = new System.Net.Sockets.TcpClient();
        try { await client.ConnectAsync(IPAddress.Loopback, Port); return true; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    private async Task ServeTokensAsync()
    {
        while (_tokens.IsListening)
        {
            HttpListenerContext context;
            try { context = await _tokens.GetContextAsync(); }
            catch (Exception) { return; }
            try
            {
                var scopes = context.Request.QueryString.GetValues("scope") ?? [];
                lock (_requests) _requests.Add(string.Join(" ", scopes));
                var body = JsonSerializer.SerializeToUtf8Bytes(new { token = Sign(User(context.Request), scopes), expires_in = 300 });
                Interlocked.Increment(ref _granted);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception) { try { context.Response.Abort(); } catch (Exception) { } }
        }
    }

    /// <summary>A JWT as the distribution registry verifies it: RS256, the certificate in x5c, issuer, audience, times, access.</summary>
    private string Sign(string user, IEnumerable<string> scopes)
    {
        var now = DateTimeOffset.UtcNow.Add(ClockOffset).ToUnixTimeSeconds();
        var access = scopes.Select(s => s.Split(':')).Where(p => p.Length == 3)
            .Select(p => new { type = p[0], name = p[1], actions = p[2].Split(',').Where(action => Grants(user, p[1], action)).ToArray() })
            .Where(a => a.actions.Length > 0).ToArray();
        var header = new { typ = "JWT", alg = "RS256", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new { iss = Issuer, sub = "slipway", aud = Service, iat = now, nbf = now, exp = now + 300, jti = Guid.NewGuid().ToString("N"), access };
        var signed = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        return signed + "." + Base64Url(_key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>The user name of the request's Basic authorization; "" when it has none.</summary>
    private static string User(HttpListenerRequest request)
    {
        var header = request.Headers["Authorization"];
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return "";
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        return pair.Split(':', 2)[0];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (_registry is { HasExited: false })
        {
            _registry.Kill(entireProcessTree: true);
            await _registry.WaitForExitAsync();
        }
        _registry?.Dispose();
        try { _tokens.Close(); } catch (HttpListenerException) { }
        await _tokenLoop;
        _certificate.Dispose();
        _key.Dispose();
        _dir.Dispose();
    }
}
