using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Engine;
using Slipway.Trigger;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Serve: TCP port of the trigger API")]
    public int Port = 8090;

    [Parameter("Serve: address to bind (default 127.0.0.1). RISKY: any non-loopback address exposes the API, which runs builds and deploys, to the network")]
    public string Bind = "127.0.0.1";

    [Parameter("Serve: the bearer token every API request must carry (at least 16 characters; prefer SLIPWAY_SERVE_TOKEN)")]
    [Secret]
    public string? ServeToken;

    Target Serve => _ => _
        .Description("Run the build trigger API (POST /runs, GET /runs/{id}, GET /runs/{id}/log) until Ctrl+C; each run is a child build host")
        .Requires(() => ServeToken)
        .Executes(async () =>
        {
            if (!IPAddress.TryParse(Bind, out var address))
                throw SlipwayException.Input("--bind", $"'{Bind}' is not an IP address", "give an address such as 127.0.0.1");
            if (!IPAddress.IsLoopback(address))
                Log.Warn($"--bind {Bind}: the trigger API is reachable from the network; anyone with the token can build and deploy");
            var catalogPath = Path.GetFullPath(Catalog, RootDirectory);
            await using var server = await TriggerServer.StartAsync(new TriggerServerOptions
            {
                Address = address,
                Port = Port,
                Token = ServeToken!,
                Validator = new RunRequestValidator(RunnableTargets(), () => CatalogLoader.Load(catalogPath, DeployModes.Shipped)),
                Executor = new BuildProcessExecutor(ChildBuildCommand(catalogPath)),
            });
            Log.Info($"Trigger API listening on {server.Url} (Ctrl+C to stop)");
            await WaitForStopSignal();
            Log.Info("Stopping the trigger API; runs still going are cancelled");
        });

    /// <summary>Every target of this build except Serve itself.</summary>
    IReadOnlyList<string> RunnableTargets() => GetType()
        .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        .Where(p => p.PropertyType == typeof(Target) && p.Name != nameof(Serve))
        .Select(p => p.Name)
        .ToList();

    /// <summary>This very build host (its _build.dll), with the settings of the server that are not per run.</summary>
    BuildHostCommand ChildBuildCommand(string catalogPath)
    {
        List<string> suffix = ["--catalog", catalogPath, "--verbosity", Verbosity];
        if (StateDirectory is not null) suffix.AddRange(["--state-directory", Path.GetFullPath(StateDirectory, RootDirectory)]);
        foreach (var profile in Profile) suffix.AddRange(["--profile", profile]);
        return new BuildHostCommand
        {
            Program = "dotnet",
            Prefix = [typeof(Build).Assembly.Location],
            Suffix = suffix,
            WorkingDirectory = RootDirectory,
        };
    }

    static async Task WaitForStopSignal()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context) { context.Cancel = true; stopped.TrySetResult(); }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stopped.Task;
    }
}
