namespace Slipway.Trigger;

/// <summary>
/// Where a run's output lives beside the run history: <c>logs/&lt;id&gt;.log</c>, and <c>logs/&lt;id&gt;.exit</c> with the
/// build host's exit code, written by the run's own process (see <see cref="DetachedRunCommand"/>) so that both survive
/// the server.
/// </summary>
public sealed record RunFiles(string Log, string ExitCode)
{
    public static RunFiles For(string triggerFolder, long id)
    {
        var logs = Path.Combine(triggerFolder, "logs");
        var name = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new RunFiles(Path.Combine(logs, name + ".log"), Path.Combine(logs, name + ".exit"));
    }

    /// <summary>The exit code the run's process recorded, or null when it recorded none (yet).</summary>
    public int? ReadExitCode()
    {
        string text;
        try { text = File.ReadAllText(ExitCode); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        return int.TryParse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    public void Delete()
    {
        File.Delete(Log);
        File.Delete(ExitCode);
    }
}
