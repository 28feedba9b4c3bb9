using Slipway.Registry;

namespace Slipway.Chain;

/// <summary>
/// Starts the loopback registries the catalog marks <c>managed</c> that the environment uses (its own
/// and its promotion predecessor's), with data under the state folder; reuses one already answering.
/// </summary>
public static class ManagedRegistries
{
    public static async Task EnsureAsync(ChainContext ctx, CancellationToken ct = default)
    {
        var env = ctx.Target.Spec;
        var names = new[] { env.Registry, env.PromoteFrom is { } from ? ctx.Catalog.Environments[from].Registry : null }
            .OfType<string>().Distinct();
        foreach (var name in names)
        {
            var spec = ctx.Catalog.Registries[name];
            if (!spec.Managed) continue;
            var port = new Uri(spec.Url).Port;
            if (ctx.DryRun)
            {
                ctx.Log.Info($"would make sure registry '{name}' answers on 127.0.0.1:{port} (docker-registry, data in {ctx.Paths.Registry(name)})");
                continue;
            }
            await LocalRegistryServer.EnsureRunningAsync(ctx.Paths.Registry(name), port, ctx.Log, ct: ct);
        }
    }
}
