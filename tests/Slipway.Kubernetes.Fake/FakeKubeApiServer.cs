using System.Collections.Concurrent;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// An in-process Kubernetes API server (Kestrel on 127.0.0.1, random port, HTTPS with its own CA) for the real
/// KubernetesClient and kubectl to talk to, with a simulated deployment controller ticking in the background. Cluster time runs <c>speed</c> times faster
/// than the wall clock, so a progressDeadlineSeconds of 10 passes in 10/speed seconds.
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private readonly WebApplication _app;
    private readonly FakeRoutes _routes;
    private readonly FakeDeploymentController _controller;
    private readonly FakeGarbageCollector _garbageCollector;
    private readonly FakeScheduler _scheduler;
    private readonly FakePodProxy _podProxy;
    private readonly CancellationTokenSource _stop = new();
    private readonly FakeCertificateAuthority _ca = new();
    private readonly FakeExecPlugin _execPlugin = new();
    private Task? _loop;

    public FakeCluster Cluster { get; }
    /// <summary>Every request: method, path and query, media type. Lets tests check what the client really sent.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public Uri Url { get; private set; } = null!;
    /// <summary>Who the last authenticated request came from (token or client-certificate user).</summary>
    public string? LastUser { get; private set; }
    /// <summary>The PEM of the CA that issued the serving certificate (and the client certificate of the fake-cert user).</summary>
    public string CertificateAuthorityPem => _ca.CaPem;

    private FakeKubeApiServer(double speed)
    {
        Cluster = new FakeCluster(new FakeClock(speed, Tick));
        _routes = new FakeRoutes(Cluster);
        _controller = new FakeDeploymentController(Cluster);
        _garbageCollector = new FakeGarbageCollector(Cluster);
        _scheduler = new FakeScheduler(Cluster, new FakeEventStore(Cluster));
        _podProxy = new FakePodProxy(Cluster);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = _ca.ServerCertificate;
            // Any client certificate may be offered; Authenticate accepts only those this CA issued.
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>
    /// Starts a server; <paramref name="speed"/> is cluster seconds per wall-clock second. Its nodes are
    /// <paramref name="nodes"/>, or <see cref="FakeNodeStore.DefaultNodes"/> when null.
    /// </summary>
    public static async Task<FakeKubeApiServer> StartAsync(double speed = 20, IEnumerable<(string Name, IReadOnlyDictionary<string, string> Labels)>? nodes = null)
    {
        var server = new FakeKubeApiServer(speed);
        foreach (var (name, labels) in nodes ?? FakeNodeStore.DefaultNodes()) server.AddNode(name, labels);
        await server._app.StartAsync();
        server.Url = new Uri(server._app.Urls.First());
        server._loop = Task.Run(server.RunControllerAsync);
        return server;
    }

    /// <summary>The kubeconfig for this server (see <see cref="FakeKubeconfig"/>): contexts fake-admin (current), fake-reader, fake-cert, fake-exec.</summary>
    public string Kubeconfig() => FakeKubeconfig.For(Url, _ca, _execPlugin);

    /// <summary>Adds a Ready node with <paramref name="labels"/> (besides the kubelet's hostname/os/arch labels).</summary>
    public void AddNode(string name, IReadOnlyDictionary<string, string> labels)
    {
        lock (Cluster.Gate)
        {
            var node = FakeNodeStore.New(name, labels, Cluster.Nodes.Count);
            Cluster.StampNew(node.Metadata, null);
            Cluster.Nodes[name] = node;
        }
    }

    /// <summary>
    /// Pods running <paramref name="image"/> answer through the pods/proxy subresource as <paramref name="server"/> does
    /// (the fake runs no containers: the test starts what the image would serve).
    /// </summary>
    public void RunImage(string image, Uri server) => _podProxy.Run(image, server);

    private async Task RunControllerAsync()
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                lock (Cluster.Gate)
                {
                    Cluster.Clock.Advance();
                    _garbageCollector.Tick();
                    _scheduler.Tick();
                    _controller.Tick();
                    Cluster.Deletions.Observe();
                }
        }
        catch (OperationCanceledException) { }
    }

    private async Task HandleAsync(HttpContext http)
    {
        FakeRequest? request = null;
        int code;
        object body;
        try
        {
            request = await FakeRequest.ReadAsync(http);
            Requests.Enqueue($"{request.Method} {http.Request.Path}{http.Request.QueryString} {request.MediaType}");
            Authorize(http, request);
            if (FakePodProxy.Matches(request))
            {
                await _podProxy.ForwardAsync(http, request, _stop.Token);
                return;
            }
            if (request.Method == "GET" && request["watch"] is "true" or "1")
            {
                var source = _routes.WatchSource(request) ?? throw FakeApiError.BadRequest($"the fake cannot watch /{string.Join('/', request.Segments)}");
                await FakeWatch.StreamAsync(http, request, Cluster, source, _stop.Token);
                return;
            }
            lock (Cluster.Gate) (code, body) = _routes.Handle(request);
        }
        catch (FakeApiError e)
        {
            (code, body) = (e.Code, e.ToStatus());
        }
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body is System.Text.Json.Nodes.JsonNode node ? node.ToJsonString() : KubernetesJson.Serialize(body));
    }

    private void Authorize(HttpContext http, FakeRequest request)
    {
        var user = Authenticate(http) ?? throw new FakeApiError(401, "Unauthorized", "Unauthorized");
        LastUser = user.User;
        if (user.CanWrite || request.Method == "GET") return;
        var target = FakeRoutes.Identify(request.Segments);
        if (target is null) return;
        var (resource, group, ns, name) = target.Value;
        throw FakeApiError.Forbidden(user.User, request.Verb(name is not null), resource, group, ns, name);
    }

    private (string User, bool CanWrite)? Authenticate(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ")) return FakeUsers.Resolve(header[7..]);
        var certificate = http.Connection.ClientCertificate;
        if (certificate is not null && _ca.Issued(certificate))
            return (certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false), true);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null) await _loop;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
        _ca.Dispose();
        _execPlugin.Dispose();
    }
}
