namespace Slipway.Diagnostics.Progress;

/// <summary>
/// Shows long operations as they go: byte transfers (push, pull, save/load) and waits (rollouts, health checks).
/// Chosen once per run (see <see cref="OutputMode"/>): Spectre bars on a terminal, stable plain lines otherwise.
/// </summary>
public interface IProgressReporter
{
    /// <summary>Starts a byte transfer; dispose the result when it ends (that reports completion).</summary>
    /// <param name="label">What moves, e.g. <c>push 3f2a1b0c9d8e</c>.</param>
    /// <param name="totalBytes">The size when known.</param>
    ITransferProgress StartTransfer(string label, long? totalBytes);

    /// <summary>Starts a wait with an elapsed-time display; dispose the result when the wait ends.</summary>
    IWaitProgress StartWait(string label);
}

/// <summary>One running transfer.</summary>
public interface ITransferProgress : IDisposable
{
    /// <summary>Bytes done so far, and the total when it became known or changed.</summary>
    void Report(long bytesDone, long? totalBytes = null);
}

/// <summary>One running wait.</summary>
public interface IWaitProgress : IDisposable
{
    /// <summary>What the wait observes now, e.g. <c>503 Service Unavailable</c>.</summary>
    void Update(string status);
}

/// <summary>Reports nothing: for quiet runs, tests and library callers that want no progress.</summary>
public sealed class NullProgressReporter : IProgressReporter, ITransferProgress, IWaitProgress
{
    /// <summary>The one instance.</summary>
    public static readonly NullProgressReporter Instance = new();

    private NullProgressReporter() { }

    /// <inheritdoc />
    public ITransferProgress StartTransfer(string label, long? totalBytes) => this;
    /// <inheritdoc />
    public IWaitProgress StartWait(string label) => this;
    void ITransferProgress.Report(long bytesDone, long? totalBytes) { }
    void IWaitProgress.Update(string status) { }
    void IDisposable.Dispose() { }
}
