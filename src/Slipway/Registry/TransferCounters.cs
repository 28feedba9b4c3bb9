namespace Slipway.Registry;

/// <summary>Body bytes moved by one <see cref="RegistryClient"/> (headers not counted). Thread-safe.</summary>
public sealed class TransferCounters
{
    private long _sent, _received, _requests;

    /// <summary>Request body bytes written to the wire (uploads, manifest PUTs).</summary>
    public long BytesSent => Interlocked.Read(ref _sent);
    /// <summary>Response body bytes read from the wire (downloads, manifests, errors).</summary>
    public long BytesReceived => Interlocked.Read(ref _received);
    /// <summary>HTTP requests sent, including auth round trips and retries.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Zeroes the counters (e.g. between benchmark phases).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _received, 0);
        Interlocked.Exchange(ref _requests, 0);
    }

    internal void AddSent(long n) => Interlocked.Add(ref _sent, n);
    internal void AddReceived(long n) => Interlocked.Add(ref _received, n);
    internal void AddRequest() => Interlocked.Increment(ref _requests);

    /// <summary>"sent N B, received M B, K requests"</summary>
    public override string ToString() => $"sent {BytesSent} B, received {BytesReceived} B, {Requests} requests";
}
