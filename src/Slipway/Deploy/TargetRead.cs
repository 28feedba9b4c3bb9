using System.Collections.Concurrent;

namespace Slipway.Deploy;

/// <summary>
/// Reads one live target at most once per Status run, within the per-target timeout: every service of an environment
/// shares the answer (one container list per engine, one fetch per manifests repository, one list per cluster).
/// </summary>
/// <typeparam name="T">What the target returns.</typeparam>
internal sealed class TargetRead<T>(TimeSpan timeout)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(T? Value, string? Problem)>>> _reads = new();

    /// <summary>The target's answer, or the reason it gave none (an error, or no answer within the timeout).</summary>
    public Task<(T? Value, string? Problem)> GetAsync(string key, Func<CancellationToken, Task<T>> read, CancellationToken ct) =>
        _reads.GetOrAdd(key, _ => new Lazy<Task<(T?, string?)>>(() => ReadAsync(read, ct))).Value;

    private async Task<(T?, string?)> ReadAsync(Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            return (await read(limit.Token), null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return (default, e is OperationCanceledException || limit.IsCancellationRequested
                ? $"no answer within {timeout.TotalSeconds:0.#}s"
                : OneLine(e));
        }
    }

    private static string OneLine(Exception e)
    {
        var text = (e is AggregateException { InnerException: { } inner } ? inner : e).Message.Trim();
        return text.ReplaceLineEndings(" ");
    }
}
