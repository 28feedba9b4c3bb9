using System.Runtime.InteropServices;

namespace Slipway.Trigger;

/// <summary>Waits for Ctrl+C (SIGINT) or SIGTERM, and keeps the process alive so the server can stop in order.</summary>
public static class StopSignal
{
    public static async Task WaitAsync()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context) { context.Cancel = true; stopped.TrySetResult(); }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stopped.Task;
    }
}
