using System.Net;
using System.Net.Sockets;

namespace Slipway.TestSupport;

/// <summary>
/// A TCP forwarder on a random 127.0.0.1 port in front of 127.0.0.1:<c>targetPort</c> (a registry) that counts the bytes
/// in each direction, so every tool (Slipway, docker, skopeo) is measured the same way: what actually crosses the wire,
/// headers included. The first <c>dropFirst</c> connections are accepted and reset at once (a broken connection for the client).
/// </summary>
public sealed class TcpProxy : IDisposable, IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly int _dropFirst;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _up, _down;
    private int _connections;

    /// <summary>Bytes from clients to the registry (uploads, requests).</summary>
    public long Up => Interlocked.Read(ref _up);
    /// <summary>Bytes from the registry to clients (downloads, responses).</summary>
    public long Down => Interlocked.Read(ref _down);
    public long Total => Up + Down;
    /// <summary>Connections accepted so far, dropped ones included.</summary>
    public int Connections => Volatile.Read(ref _connections);
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    /// <summary>host:port of the proxy, as a registry address.</summary>
    public string Host => $"127.0.0.1:{Port}";
    public string Url => $"http://{Host}";

    public TcpProxy(int targetPort, int dropFirst = 0)
    {
        _targetPort = targetPort;
        _dropFirst = dropFirst;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public void Reset() { Interlocked.Exchange(ref _up, 0); Interlocked.Exchange(ref _down, 0); }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch { return; }
            if (Interlocked.Increment(ref _connections) <= _dropFirst)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST
                client.Dispose();
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var a = client.GetStream();
                var b = server.GetStream();
                var up = PumpAsync(a, b, n => Interlocked.Add(ref _up, n), server.Client);
                var down = PumpAsync(b, a, n => Interlocked.Add(ref _down, n), client.Client);
                await Task.WhenAll(up, down);
            }
            catch { /* a connection closed midway: the other side sees it */ }
        }
    }

    private async Task PumpAsync(Stream from, Stream to, Action<long> count, Socket toSocket)
    {
        var buffer = new byte[81920];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                count(n);
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch { try { toSocket.Shutdown(SocketShutdown.Both); } catch { } }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        await _loop;
    }
}
