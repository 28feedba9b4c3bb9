using System.Text.Json;
using Slipway.Chain;

namespace Slipway.Releases;

/// <summary>
/// The intent of a deploy, written before the deploy mode acts and removed once the ledger has its outcome. Held under the
/// deploy lock, so an intent found by the next run of the same service and environment was left by a run that ended without
/// recording anything (killed, or its machine lost power): that run is recorded as failed ("interrupted"), and the new run's
/// deploy, which checks what it finds on the targets, converges from there. The ledger never says "succeeded" for it.
/// </summary>
public sealed class DeployJournal(ChainContext ctx, string service)
{
    private readonly string _path = Path.Combine(ctx.Paths.Journal, ctx.Environment, service + ".json");

    /// <summary>What a journal file holds: the entry the run would record, and who wrote it when.</summary>
    private sealed record Intent(LedgerEntry Entry, int ProcessId, string Actor, DateTimeOffset Started);

    /// <summary>
    /// Records an interrupted run's intent as a failed entry, then journals <paramref name="entry"/> (the run about to act).
    /// Returns true when there was an interrupted run.
    /// </summary>
    public async Task<bool> BeginAsync(LedgerEntry entry, CancellationToken ct)
    {
        var left = ReadLeftOver();
        if (left is not null)
        {
            var started = left.Started.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss");
            var message = $"interrupted: the run that started this {left.Entry.Action} at {started} UTC (process {left.ProcessId}, {left.Actor}) " +
                          "ended before it recorded an outcome; the next run checked the targets and converged them";
            ctx.Log.Warn($"[{service}] an earlier {left.Entry.Action} of {left.Entry.Tag ?? left.Entry.Digest} to '{ctx.Environment}' " +
                         $"(started {started} UTC, process {left.ProcessId}) was interrupted; recording it as failed and converging now");
            await ReleaseLedgers.RecordAsync(ctx, left.Entry with { Result = LedgerEntry.Failed, Message = message, Time = DateTimeOffset.UtcNow }, ct);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(new Intent(entry, Environment.ProcessId, Actor.Current, DateTimeOffset.UtcNow), LedgerEntry.Json), ct);
        File.Move(temporary, _path, overwrite: true);
        return left is not null;
    }

    /// <summary>The outcome is in the ledger: the intent is done.</summary>
    public void End() => File.Delete(_path);

    private Intent? ReadLeftOver()
    {
        if (!File.Exists(_path)) return null;
        try { return JsonSerializer.Deserialize<Intent>(File.ReadAllText(_path), LedgerEntry.Json); }
        catch (JsonException e)
        {
            ctx.Log.Warn($"[{service}] ignoring an unreadable deploy journal {_path} ({e.Message})");
            return null;
        }
    }
}
