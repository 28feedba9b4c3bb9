using System.Net;

namespace Slipway.Registry;

/// <summary>Counts request and response body bytes into <see cref="TransferCounters"/>.</summary>
internal sealed class CountingHandler(TransferCounters counters) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        counters.AddRequest();
        if (request.Content is { } content and not CountingContent)
            request.Content = new CountingContent(content, counters.AddSent);
        var response = await base.SendAsync(request, ct);
        var inner = response.Content;
        var stream = await inner.ReadAsStreamAsync(ct);
        var counted = new StreamContent(new CountingStream(stream, counters.AddReceived));
        foreach (var h in inner.Headers) counted.Headers.TryAddWithoutValidation(h.Key, h.Value);
        response.Content = counted;
        return response;
    }

    /// <summary>Wraps request content; counts bytes as they are serialized (each send counts again).</summary>
    private sealed class CountingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Action<long> _add;

        public CountingContent(HttpContent inner, Action<long> add)
        {
            _inner = inner;
            _add = add;
            foreach (var h in inner.Headers) Headers.TryAddWithoutValidation(h.Key, h.Value);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            _inner.CopyToAsync(new CountingStream(stream, _add));

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct) =>
            _inner.CopyToAsync(new CountingStream(stream, _add), ct);

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

/// <summary>A pass-through stream that reports bytes read or written.</summary>
internal sealed class CountingStream(Stream inner, Action<long> add) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        add(n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await inner.ReadAsync(buffer, ct);
        add(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        add(count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        await inner.WriteAsync(buffer, ct);
        add(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
