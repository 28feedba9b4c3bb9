using System.Net;

namespace Slipway.TestSupport;

/// <summary>An HTTP endpoint on 127.0.0.1 that answers every GET with 200 OK: a health URL for a container that serves none.</summary>
public sealed class HealthyEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();

    public Uri Url { get; }

    private HealthyEndpoint(int port)
    {
        Url = new Uri($"http://127.0.0.1:{port}/health");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = AnswerAsync();
    }

    public static HealthyEndpoint Start() => new(FreePort.Next());

    private async Task AnswerAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
