using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Diagnostics.Progress;

namespace Slipway.Images;

/// <summary>
/// Collects the engine's JSON progress stream. Build and push errors do not throw in Docker.DotNet:
/// they arrive as Error/ErrorMessage entries and must be checked here. Layer bytes go to the log's progress reporter.
/// </summary>
public sealed class DockerProgress(IBuildLog log) : IProgress<JSONMessage>
{
    private readonly List<string> _errors = new();
    private readonly List<string> _tail = new();
    private readonly DockerLayerProgress _layers = new(log.Progress);

    public string? ImageId { get; private set; }
    public string? PushedDigest { get; private set; }

    public void Report(JSONMessage value)
    {
        lock (_errors)
        {
            var error = value.Error?.Message ?? value.ErrorMessage;
            if (!string.IsNullOrEmpty(error)) _errors.Add(error.Trim());
            ReadAux(value);
            _layers.Report(value);
            var text = (value.Stream ?? value.Status)?.TrimEnd();
            if (string.IsNullOrWhiteSpace(text) || value.Progress is not null) return;
            _tail.Add(text);
            if (_tail.Count > 30) _tail.RemoveAt(0);
            log.Detail(text);
        }
    }

    private void ReadAux(JSONMessage value)
    {
        if (value.Aux?.ExtensionData is not { } aux) return;
        if (aux.TryGetValue("ID", out var id)) ImageId = id?.ToString();
        if (aux.TryGetValue("Digest", out var digest)) PushedDigest = digest?.ToString();
    }

    /// <summary>Throws when the stream carried an error, quoting it and the last output lines.</summary>
    public void ThrowIfFailed(string operation)
    {
        lock (_errors)
        {
            _layers.Dispose();
            if (_errors.Count == 0) return;
            throw new SlipwayException($"{operation} failed: {string.Join("; ", _errors)}\n  last output:\n    " +
                string.Join("\n    ", _tail.TakeLast(10)));
        }
    }
}
