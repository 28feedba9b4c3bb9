using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Diagnostics;

namespace Slipway.Trigger;

/// <summary>The build trigger API, run until SIGINT or SIGTERM; each run is a child build host.</summary>
public static class TriggerService
{
    public static async Task RunUntilStoppedAsync(TriggerServiceSettings settings, IBuildLog log)
    {
        var address = BindAddress.Parse(settings.Bind, log);
        await using var server = await TriggerServer.StartAsync(new TriggerServerOptions
        {
            Address = address,
            Port = settings.Port,
            Token = settings.Token,
            Validator = new RunRequestValidator(settings.Targets, () => CatalogLoader.Load(settings.CatalogPath, DeployModes.Shipped)),
            Executor = new BuildProcessExecutor(settings.ChildBuild),
        });
        log.Info($"Trigger API listening on {server.Url} (Ctrl+C to stop)");
        await StopSignal.WaitAsync();
        log.Info("Stopping the trigger API; runs still going are cancelled");
    }
}
