using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;

namespace Slipway.Trigger;

/// <summary>The build trigger API, run until SIGINT or SIGTERM; each run is a child build host.</summary>
public static class TriggerService
{
    public static async Task RunUntilStoppedAsync(TriggerServiceSettings settings, IBuildLog log)
    {
        var address = BindAddress.Parse(settings.Bind, log);
        var tokens = BearerTokens.From(settings.Token, settings.TokensFile);
        await using var server = await TriggerServer.StartAsync(new TriggerServerOptions
        {
            Address = address,
            Port = settings.Port,
            Tokens = tokens,
            Validator = new RunRequestValidator(settings.Targets, () => CatalogLoader.Load(settings.CatalogPath, DeployModes.Shipped)),
            Executor = new BuildProcessExecutor(settings.ChildBuild),
            StateDirectory = settings.StateDirectory,
        });
        log.Info($"Trigger API listening on {server.Url} (Ctrl+C to stop); run history in {new WorkspacePaths(settings.StateDirectory).Trigger}; " +
                 $"runs act as the token's actor: {string.Join(", ", tokens.Actors)}");
        await StopSignal.WaitAsync();
        log.Info("Stopping the trigger API; runs it started are cancelled, runs it re-attached go on");
    }
}
