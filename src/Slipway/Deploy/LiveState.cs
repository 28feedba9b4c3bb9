using Slipway.Catalog;
using Slipway.Chain;

namespace Slipway.Deploy;

/// <summary>
/// Reads what runs live through each environment's deploy mode, each target within the timeout so one dead host cannot
/// stall the reader. One instance per Status run reads each target once. A dry run reads into a temporary folder
/// (removed on dispose), so the state folder stays untouched.
/// </summary>
public sealed class LiveState(ChainContext ctx, TimeSpan timeout) : IDisposable
{
    private readonly LiveReadSession _session = new(ctx, timeout,
        ctx.DryRun ? Path.Combine(Path.GetTempPath(), "slipway-status-" + Guid.NewGuid().ToString("N")) : null);
    private readonly Dictionary<string, ILiveReader> _readers = new();

    /// <summary>Reads <paramref name="service"/> in <paramref name="environment"/> once, e.g. for Rollback.</summary>
    public static async Task<LiveReading> ReadAsync(ChainContext ctx, string service, string environment, TimeSpan timeout,
        CancellationToken ct = default)
    {
        using var live = new LiveState(ctx, timeout);
        return await live.ReadAsync(service, environment, ct);
    }

    /// <summary>What every target of <paramref name="environment"/> says about <paramref name="service"/>.</summary>
    public async Task<LiveReading> ReadAsync(string service, string environment, CancellationToken ct = default)
    {
        var target = ctx.Catalog.Target(environment);
        return new LiveReading(await ReaderOf(target).ReadAsync(target, service, ct));
    }

    /// <summary>What <paramref name="environment"/>'s targets run that the catalog does not enable there.</summary>
    public async Task<StrayListing> StraysAsync(string environment, CancellationToken ct = default)
    {
        var target = ctx.Catalog.Target(environment);
        return await ReaderOf(target).ListStraysAsync(target, ctx.Catalog.ServicesEnabledIn(environment), ct);
    }

    private ILiveReader ReaderOf(TargetEnvironment target)
    {
        lock (_readers)
        {
            if (!_readers.TryGetValue(target.Mode.Name, out var reader))
                _readers[target.Mode.Name] = reader = DeployModes.Of(target).OpenLiveReader(_session);
            return reader;
        }
    }

    /// <summary>Removes a dry run's temporary folder.</summary>
    public void Dispose()
    {
        if (_session.DryRunFolder is not { } folder || !Directory.Exists(folder)) return;
        try { Directory.Delete(folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { ctx.Log.Warn($"cannot remove {folder}: {e.Message}"); }
    }
}

/// <summary>What the live readers of one Status, Promote or Rollback share.</summary>
/// <param name="Context">The run's context (catalog, state folder, log).</param>
/// <param name="Timeout">How long one target gets to answer.</param>
/// <param name="DryRunFolder">A dry run's temporary folder for anything a reader must write (e.g. fetched manifests); null otherwise.</param>
public sealed record LiveReadSession(ChainContext Context, TimeSpan Timeout, string? DryRunFolder)
{
    /// <summary>Where a reader keeps its copy of <paramref name="name"/> (e.g. a fetched manifests repository) for <paramref name="environment"/>.</summary>
    public string CacheOf(string environment, string name) =>
        DryRunFolder is null ? Path.Combine(Context.Paths.Root, "status", name, environment + ".git") : Path.Combine(DryRunFolder, name, environment + ".git");

    /// <summary>The service's settings in <paramref name="environment"/> as the catalog says now; null when it is not enabled there.</summary>
    public ResolvedService? SettingsOf(string service, string environment) =>
        Context.Catalog.Services.TryGetValue(service, out var spec) && spec.IsEnabledIn(environment) ? Context.Catalog.Resolve(service, environment) : null;
}
