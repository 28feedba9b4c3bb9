using Slipway.Engine;
using Slipway.Trigger;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Serve: TCP port of the trigger API")]
    public int Port = 8090;

    [Parameter("Serve: address to bind (default 127.0.0.1). RISKY: any non-loopback address exposes the API, which runs builds and deploys, to the network")]
    public string Bind = "127.0.0.1";

    [Parameter("Serve: a bearer token API requests may carry, acting as the actor 'trigger' (at least 16 characters; prefer SLIPWAY_SERVE_TOKEN)")]
    [Secret]
    public string? ServeToken;

    [Parameter("Serve: per-actor tokens, one 'actor: sha256:<sha256 of the token>' line each (mode 600); runs act as the token's actor")]
    public string? ServeTokensFile;

    Target Serve => _ => _
        .Description("Run the build trigger API (POST /runs, GET /runs/{id}, GET /runs/{id}/log) until Ctrl+C; each run is a child build host")
        .Executes(async () =>
        {
            var catalogPath = Path.GetFullPath(Catalog, RootDirectory);
            await TriggerService.RunUntilStoppedAsync(new TriggerServiceSettings
            {
                Bind = Bind,
                Port = Port,
                Token = ServeToken,
                TokensFile = ServeTokensFile is null ? null : Path.GetFullPath(ServeTokensFile, RootDirectory),
                CatalogPath = catalogPath,
                Targets = TargetNames.Where(t => t != nameof(Serve)).ToList(),
                StateDirectory = Path.GetFullPath(Paths.Root, RootDirectory),
                ChildBuild = ChildBuildHost.Command(typeof(Build).Assembly.Location, RootDirectory, catalogPath, Verbosity, StateDirectory, Profile),
            }, Log);
        });
}
