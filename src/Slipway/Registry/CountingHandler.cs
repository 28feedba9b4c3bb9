using Slipway.Diagnostics;
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

