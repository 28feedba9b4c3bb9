using System.Net;

namespace Slipway.TestSupport;

/// <summary>
/// A slow registry link, made deterministic: an HTTP proxy on a random 127.0.0.1 port that forwards everything to a registry
/// except the manifest PUTs of one tag. Those it holds until <c>expected</c> of them have arrived (so every pusher has passed
/// its "is the tag free?" check), then forwards them one at a time in arrival order, and only then answers them all. Every
/// pusher's read-back therefore sees the last PUT. If fewer arrive within <c>deadline</c>, the held ones go on as they are.
/// </summary>
public sealed class ManifestPutGate : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new();
    private readonly Uri _target;
    private readonly string _path;
    private readonly int _expected;
    private readonly TimeSpan _deadline;
    private readonly List<(HttpListenerRequest Request, byte[] Body)> _held = [];
    private readonly TaskCompletionSource _allHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<Task<IReadOnlyList<UpstreamAnswer>>> _forwarded;
    private readonly Task _loop;

    public string Url { get; }
    /// <summary>Proxy failures, for diagnosing tests.</summary>
    public List<string> Errors { get; } = [];
    /// <summary>The digests of the held PUTs in the order they reached the registry (the registry computes them the same way).</summary>
    public List<string> ForwardedDigests { get; } = [];

    public ManifestPutGate(string registryUrl, string repository, string tag, int expected, TimeSpan? deadline = null)
    {
        _target = new Uri(registryUrl);
        _path = $"/v2/{repository}/manifests/{tag}";
        _expected = expected;
        _deadline = deadline ?? TimeSpan.FromSeconds(60);
        _forwarded = new(ForwardHeldAsync);
        Url = $"http://127.0.0.1:{FreePort.Next()}";
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
        try
        {
            var gated = context.Request.HttpMethod == "PUT" && context.Request.Url!.AbsolutePath == _path;
            if (!gated)
            {
                await HttpForwarding.WriteAsync(context, await HttpForwarding.SendAsync(_upstream, _target, context.Request));
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            int position;
            lock (_held)
            {
                position = _held.Count;
                _held.Add((context.Request, body.ToArray()));
                if (_held.Count == _expected) _allHeld.TrySetResult();
            }
            await Task.WhenAny(_allHeld.Task, Task.Delay(_deadline));
            var answers = await _forwarded.Value;
            await HttpForwarding.WriteAsync(context, answers[position]);
        }
        catch (Exception ex)
        {
            lock (Errors) Errors.Add(ex.ToString());
            try { context.Response.Abort(); } catch (Exception) { }
        }
    }

    /// <summary>Forwards the held PUTs one at a time, in arrival order; runs once.</summary>
    private async Task<IReadOnlyList<UpstreamAnswer>> ForwardHeldAsync()
    {
        List<(HttpListenerRequest Request, byte[] Body)> held;
        lock (_held) held = [.. _held];
        var answers = new List<UpstreamAnswer>();
        foreach (var (request, body) in held)
        {
            answers.Add(await HttpForwarding.SendAsync(_upstream, _target, request, body));
            ForwardedDigests.Add(Slipway.Registry.Digests.Sha256(body));
        }
        return answers;
    }

    public async ValueTask DisposeAsync()
    {
        // Close once (see FlakyProxy): Stop() then Close() can re-bind a port another test took meanwhile.
        try { _listener.Close(); }
        catch (HttpListenerException) { }
        await _loop;
        _upstream.Dispose();
    }
}
