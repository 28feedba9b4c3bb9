using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The pods/proxy subresource: <c>/api/v1/namespaces/NS/pods/[SCHEME:]NAME[:PORT]/proxy/PATH</c>, which the real API
/// server forwards to the pod's IP and port. The fake runs no containers, so a test says where the container of an image
/// answers (<see cref="Run"/>: a real server the test started). A pod of that image that is running forwards there when
/// the port is one its container declares (no port: the first declared, as the real server picks); anything else gets
/// what the real proxy answers for a pod nobody listens on: 503, "error trying to reach service".
/// </summary>
public sealed class FakePodProxy(FakeCluster cluster)
{
    private static readonly HttpClient Upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, Uri> _containers = new();

    /// <summary>Pods running <paramref name="image"/> answer, on their container's ports, as <paramref name="server"/> does.</summary>
    public void Run(string image, Uri server) => _containers[image] = server;

    public static bool Matches(FakeRequest request) => request.Segments is ["api", "v1", "namespaces", _, "pods", _, "proxy", ..];

    /// <summary>Forwards the request to the pod's container and writes its answer; throws <see cref="FakeApiError"/> before writing anything.</summary>
    public async Task ForwardAsync(HttpContext http, FakeRequest request, CancellationToken ct)
    {
        var (ns, target) = (request.Segments[3], request.Segments[5]);
        var parts = target.Split(':');
        var (name, port) = parts.Length switch
        {
            1 => (parts[0], ""),
            2 => (parts[0], parts[1]),
            3 when parts[0] is "http" or "https" => (parts[1], parts[2]),
            _ => throw FakeApiError.BadRequest($"invalid request: \"{target}\" is not [scheme:]name[:port]"),
        };
        var server = Backend(ns, name, port);
        var prefix = $"/api/v1/namespaces/{ns}/pods/{target}/proxy";
        var path = http.Request.Path.Value!.Length > prefix.Length ? http.Request.Path.Value[prefix.Length..] : "/";
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(server, path + http.Request.QueryString));
        if (request.Body.Length > 0) message.Content = new StringContent(request.Body, Encoding.UTF8, request.MediaType ?? "application/octet-stream");
        using var answer = await Upstream.SendAsync(message, ct);
        http.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Content.Headers.ContentType is { } type) http.Response.ContentType = type.ToString();
        await http.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync(ct), ct);
    }

    private Uri Backend(string ns, string name, string port)
    {
        lock (cluster.Gate)
        {
            if (!cluster.Pods.TryGetValue((ns, name), out var fake)) throw FakeApiError.NotFound("pods", name);
            var containers = fake.Pod.Spec.Containers;
            var declared = containers.SelectMany(c => c.Ports ?? []).Select(p => p.ContainerPort.ToString()).ToList();
            var dialed = port is "" ? declared.FirstOrDefault() ?? "80" : port;
            if (fake.Pod.Status?.Phase == "Running" && declared.Contains(dialed) && _containers.TryGetValue(containers[0].Image, out var server))
                return server;
            throw new FakeApiError(503, "ServiceUnavailable",
                $"error trying to reach service: dial tcp {fake.Pod.Status?.PodIP}:{dialed}: connect: connection refused");
        }
    }
}
