using System.ComponentModel;
using System.Diagnostics;
using CliWrap;
using Slipway.Diagnostics;

namespace Slipway.Processes;

/// <summary>
/// The one way Slipway starts external tools (git, mvn, docker, ssh...): an argument array (never a shell string),
/// optional working folder and environment changes, streamed lines, bounded captured output.
/// A non-zero exit code does not throw; call <see cref="ProcessResult.EnsureSuccess"/>.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Default number of trailing lines kept per stream.</summary>
    public const int DefaultTailLines = 200;

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="args"/> and waits for it to exit.
    /// </summary>
    /// <param name="program">Executable name (looked up on PATH) or path.</param>
    /// <param name="args">Arguments, passed verbatim to the process (no shell, no globbing, no word splitting).</param>
    /// <param name="workDir">Working folder; null for the current one. Must exist.</param>
    /// <param name="env">Environment changes on top of the inherited environment; a null value removes the variable.</param>
    /// <param name="onLine">Called with every stdout and stderr line as it arrives (calls are serialized, never concurrent).</param>
    /// <param name="cancellationToken">Cancelling kills the process (and its tree) and throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="options">Output bound and stdin; defaults when null.</param>
    /// <exception cref="SlipwayException">The program cannot be started (not installed, not on PATH) or the working folder is missing.</exception>
    public static async Task<ProcessResult> RunAsync(
        string program,
        IReadOnlyList<string> args,
        string? workDir = null,
        IReadOnlyDictionary<string, string?>? env = null,
        Action<string>? onLine = null,
        CancellationToken cancellationToken = default,
        ProcessRunOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(args);
        options ??= new ProcessRunOptions();
        if (workDir is not null && !Directory.Exists(workDir))
            throw SlipwayException.Input(Describe(program, args), $"working folder '{workDir}' does not exist",
                "create it or pass an existing folder");

        var stdout = new TailBuffer(options.TailLines);
        var stderr = new TailBuffer(options.TailLines);
        var gate = new object();
        void Emit(string line) { if (onLine is not null) lock (gate) onLine(line); }

        var command = Cli.Wrap(program)
            .WithArguments(args)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => { stdout.Add(line); Emit(line); }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => { stderr.Add(line); Emit(line); }));
        if (workDir is not null) command = command.WithWorkingDirectory(workDir);
        if (env is not null) command = command.WithEnvironmentVariables(env);
        if (options.StandardInput is not null) command = command.WithStandardInputPipe(PipeSource.FromString(options.StandardInput));

        var clock = Stopwatch.StartNew();
        CommandResult result;
        try
        {
            var running = command.ExecuteAsync(cancellationToken);
            options.OnStarted?.Invoke(running.ProcessId);
            result = await running;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            throw new SlipwayException(
                $"{program}: cannot start the program ({ex.Message}). Fix: install it or put it on PATH, then run again", ex);
        }
        clock.Stop();

        return new ProcessResult(program, args.ToArray(), result.ExitCode, stdout.ToList(), stderr.ToList(),
            clock.Elapsed, stdout.Dropped || stderr.Dropped);
    }

    /// <summary>
    /// Renders a copy-pasteable, POSIX-shell-quoted command line, e.g. for dry-run output and error messages.
    /// Every occurrence of a value in <paramref name="secrets"/> is replaced by <c>***</c>.
    /// </summary>
    public static string Describe(string program, IReadOnlyList<string> args, IEnumerable<string>? secrets = null) =>
        Describe(program, args, env: null, secrets);

    /// <summary>
    /// Like <see cref="Describe(string, IReadOnlyList{string}, IEnumerable{string}?)"/>, prefixed with the
    /// environment changes as <c>NAME=value</c> assignments (a removed variable renders as <c>NAME=</c>).
    /// </summary>
    public static string Describe(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? env, IEnumerable<string>? secrets = null)
    {
        var secretList = secrets?.ToList();
        var words = new List<string>();
        if (env is not null)
            words.AddRange(env.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => kv.Key + "=" + ShellQuoting.Quote(Redactor.Redact(kv.Value ?? "", secretList))));
        words.Add(ShellQuoting.Quote(Redactor.Redact(program, secretList)));
        words.AddRange(args.Select(a => ShellQuoting.Quote(Redactor.Redact(a, secretList))));
        return string.Join(' ', words);
    }
}
