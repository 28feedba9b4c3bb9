using System.Net;

namespace Slipway.TestSupport;

/// <summary>An answer read in full from the upstream server, to write back to a proxy's client now or later.</summary>
public sealed record UpstreamAnswer(HttpStatusCode Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>How the in-test HTTP proxies pass a request on to the server behind them and its answer back.</summary>
public static class HttpForwarding
{
    /// <summary>Sends <paramref name="request"/> (with <paramref name="body"/>, read by the caller, or its own body) to <paramref name="target"/>.</summary>
    public static async Task<UpstreamAnswer> SendAsync(HttpClient upstream, Uri target, HttpListenerRequest request, byte[]? body = null)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(target, request.RawUrl));
        foreach (var key in request.Headers.AllKeys)
            if (key is not null && key != "Host" && !key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                message.Headers.TryAddWithoutValidation(key, request.Headers.GetValues(key) ?? []);
        if (body is not null || request.HasEntityBody)
        {
            message.Content = body is null ? new StreamContent(request.InputStream) : new ByteArrayContent(body);
            if (request.ContentType is { } type) message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        using var response = await upstream.SendAsync(message);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Content-Length" or "Transfer-Encoding"))
            .SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v)))
            .ToList();
        return new UpstreamAnswer(response.StatusCode, headers, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Writes <paramref name="answer"/> to the proxy's client and closes the response.</summary>
    public static async Task WriteAsync(HttpListenerContext context, UpstreamAnswer answer)
    {
        context.Response.StatusCode = (int)answer.Status;
        foreach (var (key, value) in answer.Headers) context.Response.Headers.Add(key, value);
        context.Response.ContentLength64 = answer.Body.Length;
        if (context.Request.HttpMethod != "HEAD") await context.Response.OutputStream.WriteAsync(answer.Body);
        context.Response.Close();
    }
}
