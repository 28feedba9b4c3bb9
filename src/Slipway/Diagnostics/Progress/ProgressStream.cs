namespace Slipway.Diagnostics.Progress;

/// <summary>
/// Wraps a stream and reports the bytes read or written through it, e.g. a <c>docker save</c> tar on its way over
/// SSH. Disposing the wrapper ends the transfer (and disposes the inner stream unless told not to).
/// </summary>
public sealed class ProgressStream : CountingStream
{
    private readonly Tally _tally;

    public ProgressStream(Stream inner, ITransferProgress progress, long? totalBytes = null, bool leaveOpen = false)
        : this(inner, new Tally(progress, totalBytes), leaveOpen) { }

    private ProgressStream(Stream inner, Tally tally, bool leaveOpen) : base(inner, tally.Add, leaveOpen) => _tally = tally;

    /// <summary>Bytes that went through so far.</summary>
    public long BytesTransferred => _tally.Bytes;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _tally.Progress.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        _tally.Progress.Dispose();
        return base.DisposeAsync();
    }

    private sealed class Tally(ITransferProgress progress, long? total)
    {
        private long _bytes;
        public ITransferProgress Progress => progress;
        public long Bytes => Interlocked.Read(ref _bytes);

        public void Add(long n)
        {
            if (n > 0) progress.Report(Interlocked.Add(ref _bytes, n), total);
        }
    }
}
