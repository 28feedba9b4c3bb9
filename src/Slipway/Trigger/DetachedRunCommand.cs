namespace Slipway.Trigger;

/// <summary>
/// Starts a run's build host through <c>/bin/sh</c> so that it writes its output to the run's log file and its exit
/// code to the run's exit file itself, not through pipes to the server: a server that is killed mid-run takes neither
/// with it, and the next server can follow the run to its end (see <see cref="OrphanVerdict"/>).
/// </summary>
public static class DetachedRunCommand
{
    public const string Shell = "/bin/sh";

    // $1 log, $2 exit file, then the command. The exit code goes through a temporary file and a rename, so a reader
    // never sees half of it. "command -v" keeps the message of a program that is not installed in the run's log.
    private const string Script = """
        log=$1 exitfile=$2
        shift 2
        if command -v "$1" >/dev/null 2>&1; then
            "$@" >>"$log" 2>&1 </dev/null
            code=$?
        else
            printf '%s: cannot start the program (not found). Fix: install it or put it on PATH, then request the run again\n' "$1" >>"$log"
            code=127
        fi
        printf '%s\n' "$code" >"$exitfile.tmp" && mv -f "$exitfile.tmp" "$exitfile"
        exit "$code"
        """;

    /// <summary>The arguments of <see cref="Shell"/> that run <paramref name="program"/> with <paramref name="args"/> for <paramref name="files"/>.</summary>
    public static IReadOnlyList<string> Arguments(RunFiles files, string program, IReadOnlyList<string> args) =>
        ["-c", Script, "slipway-run", files.Log, files.ExitCode, program, .. args];
}
