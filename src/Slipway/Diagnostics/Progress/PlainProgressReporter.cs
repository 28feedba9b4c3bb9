using System.Globalization;

namespace Slipway.Diagnostics.Progress;

/// <summary>
/// Progress for logs and CI: whole lines only (no ANSI, no carriage returns), few and stable. A transfer of known
/// size prints one line as it passes 25, 50, 75 and 100 percent; of unknown size, one line when it ends.
/// A wait prints a line when it starts and one with the elapsed time when it ends.
/// </summary>
public sealed class PlainProgressReporter(TextWriter output, TimeProvider? clock = null) : IProgressReporter
{
    private static readonly int[] Steps = [25, 50, 75, 100];
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly object _gate = new();

    /// <inheritdoc />
    public ITransferProgress StartTransfer(string label, long? totalBytes) => new Transfer(this, label, totalBytes);

    /// <inheritdoc />
    public IWaitProgress StartWait(string label)
    {
        Write($"{label} ...");
        return new Wait(this, label, _clock.GetTimestamp());
    }

    private void Write(string line)
    {
        lock (_gate) output.WriteLine(line);
    }

    private sealed class Transfer(PlainProgressReporter owner, string label, long? total) : ITransferProgress
    {
        private int _nextStep;
        private long _done;
        private bool _ended;

        public void Report(long bytesDone, long? totalBytes = null)
        {
            lock (this)
            {
                if (_ended) return;
                if (totalBytes > 0) total = totalBytes;
                _done = Math.Max(_done, bytesDone);
                if (total is not > 0) return;
                var percent = (int)Math.Min(100, _done * 100 / total.Value);
                var passed = _nextStep;
                while (passed < Steps.Length && percent >= Steps[passed]) passed++;
                if (passed == _nextStep) return;
                _nextStep = passed;
                var step = Steps[passed - 1];
                owner.Write($"{label}: {step}% of {ByteSize.Format(total.Value)}");
                if (step == 100) _ended = true;
            }
        }

        public void Dispose()
        {
            lock (this)
            {
                if (_ended) return;
                _ended = true;
                owner.Write(total is > 0 && _done < total
                    ? $"{label}: ended at {ByteSize.Format(_done)} of {ByteSize.Format(total.Value)}"
                    : $"{label}: done, {ByteSize.Format(Math.Max(_done, total ?? 0))}");
            }
        }
    }

    private sealed class Wait(PlainProgressReporter owner, string label, long started) : IWaitProgress
    {
        private string? _status;
        private bool _ended;

        // Plain output does not repeat every probe; the last status is shown when the wait ends.
        public void Update(string status) { lock (this) _status = status; }

        public void Dispose()
        {
            lock (this)
            {
                if (_ended) return;
                _ended = true;
                var seconds = owner._clock.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                owner.Write(_status is null ? $"{label}: {seconds}s" : $"{label}: {seconds}s ({_status})");
            }
        }
    }
}
