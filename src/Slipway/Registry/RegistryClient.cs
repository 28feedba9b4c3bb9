using System.Net;
using System.Net.Security;
using Polly;
using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>
/// A client for one registry speaking the OCI distribution / Docker registry v2 HTTP API.
/// Auth (anonymous, Basic, Bearer) is answered automatically; transient failures are retried;
/// body bytes moved are counted in <see cref="Transfer"/>. Thread-safe; dispose when done.
/// </summary>
/// <example>
/// <code>
/// using var client = new RegistryClient("http://127.0.0.1:5055", insecure: true);
/// var m = await client.GetManifestAsync("ncerepo/orders", "1.4.2");
/// </code>
/// </example>
public sealed partial class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _requestPipeline;
    private readonly RegistryClientOptions _options;
    private readonly bool _hasCredentials;
    private readonly TlsRefusal _tlsRefusal = new();

    /// <summary>Base URL, e.g. http://127.0.0.1:5055/.</summary>
    public Uri BaseUri { get; }
    /// <summary>host[:port] as used in image references, e.g. "127.0.0.1:5055".</summary>
    public string Host => BaseUri.IsDefaultPort ? BaseUri.Host : $"{BaseUri.Host}:{BaseUri.Port}";
    /// <summary>Body bytes sent/received and requests made by this client.</summary>
    public TransferCounters Transfer { get; } = new();
    /// <summary>Body bytes sent so far (same as <c>Transfer.BytesSent</c>).</summary>
    public long BytesSent => Transfer.BytesSent;
    /// <summary>Body bytes received so far (same as <c>Transfer.BytesReceived</c>).</summary>
    public long BytesReceived => Transfer.BytesReceived;

    /// <summary>
    /// Creates a client for <paramref name="baseUrl"/> (http(s)://host[:port]).
    /// TLS certificates are verified (against the machine's trust store and <paramref name="tls"/>'s CA when given)
    /// unless <paramref name="insecure"/> is set AND the host is loopback.
    /// Plain http is accepted for loopback hosts, or for other hosts only when <paramref name="insecure"/> is set.
    /// </summary>
    /// <param name="baseUrl">Registry URL; a path is ignored.</param>
    /// <param name="credentials">Username/password values (resolve catalog refs with <see cref="CredentialResolver"/>); null = anonymous.</param>
    /// <param name="insecure">Allow http / unverified TLS for loopback registries.</param>
    /// <param name="options">Retries, timeouts, logging.</param>
    /// <param name="tls">The registry's CA and a client certificate (catalog caFile, certFile, keyFile); null: the machine's trust store alone.</param>
    public RegistryClient(string baseUrl, RegistryCredentials? credentials = null, bool insecure = false, RegistryClientOptions? options = null,
        RegistryTls? tls = null)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw SlipwayException.Input($"registry URL '{baseUrl}'", "is not an absolute http(s) URL", "use e.g. http://127.0.0.1:5055 or https://registry.example.com");
        var loopback = IsLoopback(uri.Host);
        if (uri.Scheme == "http" && !loopback && !insecure)
            throw SlipwayException.Input($"registry URL '{baseUrl}'", "uses plain http for a non-loopback host",
                "use https, or mark the registry insecure in the catalog if you really mean it");
        BaseUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        _options = options ?? new RegistryClientOptions();

        var primary = _options.PrimaryHandler ?? CreateSocketsHandler(insecure && loopback, tls, _tlsRefusal, _options.ConnectTimeout);
        var userAgent = new UserAgentHandler { InnerHandler = primary };
        var counting = new CountingHandler(Transfer) { InnerHandler = userAgent };
        _hasCredentials = credentials is not null;
        var auth = new RegistryAuthHandler(credentials) { InnerHandler = counting };
        _http = new HttpClient(auth) { Timeout = _options.RequestTimeout };
        _requestPipeline = _options.Retry.BuildRequestPipeline(_options.Log, Host);
    }

    /// <summary>
    /// Creates a client for a catalog registry: URL, insecure flag and TLS files from <paramref name="spec"/>,
    /// credentials resolved from its env/file references.
    /// </summary>
    public static RegistryClient FromSpec(RegistrySpec spec, CredentialResolver? resolver = null, RegistryClientOptions? options = null, string name = "registry")
    {
        var key = $"registries.{name}";
        var credentials = (resolver ?? new CredentialResolver()).Resolve(spec.Credentials, key);
        var tls = spec.CaFile is null && spec.CertFile is null && spec.KeyFile is null ? null : new RegistryTls(spec.CaFile, spec.CertFile, spec.KeyFile, key);
        return new RegistryClient(spec.Url, credentials, spec.Insecure, options, tls) { Name = name, CatalogEntry = $"the catalog's {key}" };
    }

    /// <summary>Where this registry is configured (e.g. "the catalog's registries.local"), named in error messages' fixes.</summary>
    public string CatalogEntry { get; init; } = "the catalog's registry entry";

    /// <summary>The catalog's name for this registry (e.g. "local"), named in error messages; its host when it was not made from the catalog.</summary>
    public string Name { get => _name ?? Host; init => _name = value; }
    private readonly string? _name;

    /// <summary>GET /v2/: checks that the registry answers and that the credentials are accepted.</summary>
    public async Task PingAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync("GET", $"{BaseUri}v2/", () => new HttpRequestMessage(HttpMethod.Get, Url("v2/")), ct);
        if (!response.IsSuccessStatusCode)
            throw await RegistryException.FromResponseAsync("GET", BaseUri + "v2/", response, Answering, ct);
    }

    /// <summary>Disposes the underlying HTTP stack.</summary>
    public void Dispose() => _http.Dispose();

    internal Uri Url(string relative) => new(BaseUri, relative);

    internal string Describe(string repo, string reference) =>
        $"{Host}/{repo}{(Digests.IsValid(reference) ? "@" : ":")}{reference}";

    /// <summary>Sends a request built by <paramref name="create"/> (a fresh message per attempt); maps connection failures to <see cref="RegistryException"/>.</summary>
    internal async Task<HttpResponseMessage> SendAsync(string operation, string reference, Func<HttpRequestMessage> create,
        CancellationToken ct, bool retry = true, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var pipeline = retry ? _requestPipeline : ResiliencePipeline<HttpResponseMessage>.Empty;
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                var request = create();
                _options.Log?.Detail($"{request.Method} {Host}{request.RequestUri!.PathAndQuery}");
                return await _http.SendAsync(request, completion, token);
            }, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException ||
                                   (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw Unreachable(operation, reference, ex, retry);
        }
    }

    private RegistryException Unreachable(string operation, string reference, Exception ex, bool retried)
    {
        // Upload requests are not retried one by one (the whole upload is): they name no attempt count.
        var attempts = retried && _options.Retry.MaxAttempts > 1 ? $" after {_options.Retry.MaxAttempts} attempts" : "";
        var cause = ex is TaskCanceledException ? "the request timed out" : ex.Message;
        var message = RegistryRetryOptions.IsTlsRefusal(ex)
            ? $"{operation} {reference} failed: registry '{Name}' ({BaseUri}) was refused at the TLS handshake: " +
              $"{_tlsRefusal.Reason ?? cause}. Fix: set caFile in {CatalogEntry} to the PEM file of the CA that issued the " +
              "registry's certificate (and certFile/keyFile if it wants a client certificate)"
            : ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
            ? $"{operation} {reference} failed: cannot reach registry {BaseUri}{attempts} ({cause}). " +
              $"Fix: check that the registry is running and listening there (curl {BaseUri}v2/), the URL/port in {CatalogEntry}, " +
              "and any proxy or firewall in between"
            : $"{operation} {reference} failed: connection to {BaseUri} broke{attempts} ({cause}). " +
              "Fix: check the registry's health and logs, and the network in between";
        return new RegistryException(operation, reference, null, [], message, ex);
    }

    internal async Task EnsureStatusAsync(HttpResponseMessage response, string operation, string reference, CancellationToken ct, params HttpStatusCode[] ok)
    {
        if (ok.Contains(response.StatusCode)) return;
        throw await RegistryException.FromResponseAsync(operation, reference, response, Answering, ct);
    }

    private AnsweringRegistry Answering => new(Name, CatalogEntry, _hasCredentials);

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static SocketsHttpHandler CreateSocketsHandler(bool skipTlsVerification, RegistryTls? tls, TlsRefusal refusal, TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = true,
        };
        handler.SslOptions = skipTlsVerification
            ? new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true }
            : (tls ?? new RegistryTls(null, null, null)).Load(refusal);
        return handler;
    }
}
