using Spectre.Console;

namespace Slipway.Diagnostics.Progress;

/// <summary>
/// Live progress bars on an interactive terminal (Spectre.Console): one row per transfer with bytes and speed,
/// one spinner row per wait with its elapsed time. The live display runs while at least one row is active.
/// </summary>
public sealed class SpectreProgressReporter(IAnsiConsole console) : IProgressReporter
{
    private readonly object _gate = new();
    private ProgressContext? _context;
    private Task? _display;
    private TaskCompletionSource? _idle;
    private int _active;

    /// <summary>A reporter on the process's terminal.</summary>
    public static SpectreProgressReporter ForTerminal() => new(AnsiConsole.Console);

    /// <inheritdoc />
    public ITransferProgress StartTransfer(string label, long? totalBytes)
    {
        var task = Add(Markup.Escape(label), totalBytes is > 0 ? totalBytes.Value : 1, indeterminate: totalBytes is not > 0);
        return new Transfer(this, task);
    }

    /// <inheritdoc />
    public IWaitProgress StartWait(string label)
    {
        var task = Add(Markup.Escape(label), 1, indeterminate: true);
        return new Wait(this, task, Markup.Escape(label));
    }

    private ProgressTask Add(string description, double max, bool indeterminate)
    {
        lock (_gate)
        {
            if (_display is null)
            {
                var ready = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var idle = _idle.Task;
                _display = console.Progress()
                    .AutoClear(false)
                    .HideCompleted(false)
                    .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                        new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context => { ready.TrySetResult(context); await idle; });
                _context = ready.Task.GetAwaiter().GetResult();
            }
            _active++;
            var task = _context!.AddTask(description, maxValue: max);
            task.IsIndeterminate = indeterminate;
            return task;
        }
    }

    private void Finish(ProgressTask task)
    {
        Task? display = null;
        lock (_gate)
        {
            task.StopTask();
            if (--_active == 0)
            {
                _idle!.TrySetResult();
                display = _display;
                _display = null;
                _context = null;
            }
        }
        // The last row ends the live display; wait so that later output starts below it.
        display?.GetAwaiter().GetResult();
    }

    private sealed class Transfer(SpectreProgressReporter owner, ProgressTask task) : ITransferProgress
    {
        private int _ended;

        public void Report(long bytesDone, long? totalBytes = null)
        {
            if (totalBytes is > 0)
            {
                task.MaxValue = totalBytes.Value;
                task.IsIndeterminate = false;
            }
            task.Value = Math.Min(bytesDone, task.MaxValue);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 1) return;
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            owner.Finish(task);
        }
    }

    private sealed class Wait(SpectreProgressReporter owner, ProgressTask task, string label) : IWaitProgress
    {
        private int _ended;

        public void Update(string status) => task.Description = $"{label} [grey]({Markup.Escape(status)})[/]";

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 1) return;
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            owner.Finish(task);
        }
    }
}
