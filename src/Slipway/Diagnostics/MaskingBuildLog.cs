namespace Slipway.Diagnostics;

/// <summary>Replaces every secret value with *** before a line reaches the inner log.</summary>
public sealed class MaskingBuildLog(IBuildLog inner, IEnumerable<string> secrets) : IBuildLog
{
    private readonly string[] _secrets = secrets.Where(s => s.Length >= 3).OrderByDescending(s => s.Length).ToArray();

    private string Mask(string line)
    {
        foreach (var secret in _secrets) line = line.Replace(secret, "***", StringComparison.Ordinal);
        return line;
    }

    public void Info(string message) => inner.Info(Mask(message));
    public void Warn(string message) => inner.Warn(Mask(message));
    public void Error(string message) => inner.Error(Mask(message));
    public void Detail(string message) => inner.Detail(Mask(message));
    /// <summary>The inner log's reporter: progress labels are layer ids and image names, never secrets.</summary>
    public Progress.IProgressReporter Progress => inner.Progress;
}
