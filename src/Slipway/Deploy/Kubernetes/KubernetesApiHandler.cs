namespace Slipway.Deploy.Kubernetes;

/// <summary>
/// Sends requests to a kubeconfig context's API server as its user (the context's CA, client certificate, token or exec
/// plugin), for calls outside the typed API such as a pod's proxy subresource. Owns the client it sends through.
/// </summary>
public sealed class KubernetesApiHandler(k8s.Kubernetes client) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The caller's HttpClient marked the request as sent; the client's own HttpClient needs a message of its own.
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
        foreach (var (name, values) in request.Headers) copy.Headers.TryAddWithoutValidation(name, values);
        if (client.Credentials is { } credentials) await credentials.ProcessHttpRequestAsync(copy, cancellationToken);
        return await client.HttpClient.SendAsync(copy, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) client.Dispose();
        base.Dispose(disposing);
    }
}
