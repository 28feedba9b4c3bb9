using System.Net;

namespace Slipway.TestSupport;

/// <summary>
/// An HTTP endpoint on 127.0.0.1 that answers every GET with 200 OK: a health URL for a container that serves none. With
/// <see cref="Answering"/>, every GET gets one fixed answer instead (what a container of a test image serves).
/// </summary>
public sealed class HealthyEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _status;
    private readonly string _body;

    public Uri Url { get; }

    private HealthyEndpoint(int port, int status = 200, string body = "")
    {
        (_status, _body) = (status, body);
        Url = new Uri($"http://127.0.0.1:{port}/health");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = AnswerAsync();
    }

    public static HealthyEndpoint Start() => new(FreePort.Next());

    /// <summary>An endpoint answering every GET with <paramref name="status"/> and <paramref name="body"/> (text/plain).</summary>
    public static HealthyEndpoint Answering(int status, string body) => new(FreePort.Next(), status, body);

    private async Task AnswerAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            context.Response.StatusCode = _status;
            context.Response.ContentType = "text/plain";
            context.Response.Close(System.Text.Encoding.UTF8.GetBytes(_body), willBlock: false);
        }
    }

    public void Dispose() => _listener.Close();
}
