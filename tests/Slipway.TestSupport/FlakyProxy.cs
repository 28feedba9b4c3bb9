using System.Net;
using Slipway.Registry;

namespace Slipway.TestSupport;

/// <summary>
/// An HTTP proxy on a random 127.0.0.1 port forwarding to a registry; the first <c>failures</c> requests get
/// <c>failStatus</c>, later ones are forwarded. (Connection drops: see <see cref="TcpProxy"/>.)
/// </summary>
public sealed class FlakyProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new();
    private readonly Uri _target;
    private readonly int _failures;
    private readonly HttpStatusCode _failStatus;
    private readonly Task _loop;
    private int _requests;

    public string Url { get; }
    public int Requests => Volatile.Read(ref _requests);
    /// <summary>Proxy failures (not the injected ones), for diagnosing tests.</summary>
    public List<string> Errors { get; } = [];

    public FlakyProxy(string targetUrl, int failures, HttpStatusCode failStatus = HttpStatusCode.ServiceUnavailable)
    {
        _target = new Uri(targetUrl);
        _failures = failures;
        _failStatus = failStatus;
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var n = Interlocked.Increment(ref _requests);
        try
        {
            if (n <= _failures)
            {
                context.Response.StatusCode = (int)_failStatus;
                context.Response.Close();
                return;
            }
            await HttpForwarding.WriteAsync(context, await HttpForwarding.SendAsync(_upstream, _target, context.Request));
        }
        catch (Exception ex)
        {
            lock (Errors) Errors.Add(ex.ToString());
            try { context.Response.Abort(); } catch (Exception) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stop() then Close() makes .NET's managed HttpListener look the endpoint up again, and it re-binds the
        // port: if a parallel test took the port meanwhile, Close throws "Address already in use". Close once.
        try { _listener.Close(); }
        catch (HttpListenerException) { }
        await _loop;
        _upstream.Dispose();
    }
}
