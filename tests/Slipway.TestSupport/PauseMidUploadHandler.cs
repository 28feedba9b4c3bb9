using System.Net;

namespace Slipway.TestSupport;

/// <summary>
/// The bottom of a <see cref="Slipway.Registry.RegistryClient"/>'s handler chain (a real socket handler) that, ONCE, holds
/// a blob upload body bigger than <c>pauseAt</c> bytes after its first <c>pauseAt</c> bytes went out on the wire, runs
/// <c>onPause</c> (a test kills the registry there), then sends the rest. So a kill lands mid-upload deterministically,
/// with no timing guess.
/// </summary>
public sealed class PauseMidUploadHandler(long pauseAt, Func<Task> onPause) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _armed = 1;

    /// <summary>True once a body was held and <c>onPause</c> ran.</summary>
    public bool Fired => Volatile.Read(ref _armed) == 0;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var isBlobBody = (request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch)
                         && request.RequestUri!.AbsolutePath.Contains("/blobs/uploads/", StringComparison.Ordinal);
        if (isBlobBody && request.Content is { Headers.ContentLength: { } length } content && length > pauseAt
            && Interlocked.Exchange(ref _armed, 0) == 1)
            request.Content = new PausingContent(content, pauseAt, onPause);
        return base.SendAsync(request, ct);
    }

    private sealed class PausingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _pauseAt;
        private readonly Func<Task> _onPause;

        public PausingContent(HttpContent inner, long pauseAt, Func<Task> onPause)
        {
            (_inner, _pauseAt, _onPause) = (inner, pauseAt, onPause);
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var source = await _inner.ReadAsStreamAsync();
            var buffer = new byte[81920];
            long sent = 0;
            while (sent < _pauseAt)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, _pauseAt - sent)));
                if (n == 0) return;
                await stream.WriteAsync(buffer.AsMemory(0, n));
                sent += n;
            }
            await stream.FlushAsync();
            await _onPause();
            await source.CopyToAsync(stream);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
