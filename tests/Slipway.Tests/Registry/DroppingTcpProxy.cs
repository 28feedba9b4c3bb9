using System.Net;
using System.Net.Sockets;

namespace Slipway.Tests.Registry;

/// <summary>
/// A TCP proxy on a random 127.0.0.1 port: the first <c>drops</c> connections are accepted and closed at once
/// (a broken connection for the client), later ones are piped to 127.0.0.1:<c>targetPort</c>.
/// </summary>
internal sealed class DroppingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly int _drops;
    private readonly Task _loop;
    private int _connections;

    public string Url { get; }
    public int Connections => Volatile.Read(ref _connections);

    public DroppingTcpProxy(int targetPort, int drops)
    {
        _targetPort = targetPort;
        _drops = drops;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            if (Interlocked.Increment(ref _connections) <= _drops)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => PipeAsync(client));
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var a = client.GetStream();
                var b = upstream.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception) { /* connection ended */ }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
    }
}
