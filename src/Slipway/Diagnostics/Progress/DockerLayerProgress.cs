using Docker.DotNet.Models;

namespace Slipway.Diagnostics.Progress;

/// <summary>
/// Turns the engine's per-layer JSON messages (push, pull) into one transfer per layer: bytes from
/// <c>progressDetail</c>, ended by the layer's final status (Pushed, Pull complete, Layer already exists...).
/// </summary>
/// <param name="reporter">Where the transfers show.</param>
/// <param name="operation">The label prefix; when null it is read from the first byte status (Pushing: push, Downloading: pull).</param>
public sealed class DockerLayerProgress(IProgressReporter reporter, string? operation = null) : IDisposable
{
    private static readonly string[] FinalStatuses =
        ["Pushed", "Pull complete", "Layer already exists", "Already exists", "Mounted from", "Download complete"];

    private readonly Dictionary<string, (ITransferProgress Transfer, long Total)> _layers = new();
    private readonly HashSet<string> _ended = new();

    /// <summary>Feeds one message; messages without a layer id are ignored.</summary>
    public void Report(JSONMessage message)
    {
        if (string.IsNullOrEmpty(message.ID)) return;
        lock (_layers)
        {
            if (_ended.Contains(message.ID)) return;
            var status = message.Status ?? "";
            if (message.Progress is { Total: > 0 } detail)
            {
                // Pull reports downloading then extracting the same layer; show the bytes of the download only.
                if (status.StartsWith("Extracting", StringComparison.Ordinal)) return;
                if (!_layers.TryGetValue(message.ID, out var layer))
                    layer = (reporter.StartTransfer($"{operation ?? OperationOf(status)} {message.ID}", detail.Total), detail.Total);
                _layers[message.ID] = layer = (layer.Transfer, detail.Total);
                layer.Transfer.Report(detail.Current, detail.Total);
            }
            else if (FinalStatuses.Any(s => status.StartsWith(s, StringComparison.Ordinal)) && _layers.Remove(message.ID, out var done))
            {
                _ended.Add(message.ID);
                // The engine's last byte count often stops short of the total; the final status means all of it.
                done.Transfer.Report(done.Total, done.Total);
                done.Transfer.Dispose();
            }
        }
    }

    private static string OperationOf(string status) =>
        status.StartsWith("Pushing", StringComparison.Ordinal) ? "push"
        : status.StartsWith("Downloading", StringComparison.Ordinal) ? "pull"
        : "layer";

    /// <summary>Ends the layers still open (an interrupted push or pull).</summary>
    public void Dispose()
    {
        lock (_layers)
        {
            foreach (var layer in _layers.Values) layer.Transfer.Dispose();
            _layers.Clear();
        }
    }
}
