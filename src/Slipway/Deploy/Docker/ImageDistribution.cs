using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Deploy.Docker;

/// <summary>
/// Decides how a deploy gets its image to docker hosts and, for SSH, delivers it: with <c>auto</c>, the registry when it
/// answers, else SSH for hosts that have ssh settings; <c>ssh</c> always delivers over SSH; <c>registry</c> never does.
/// An SSH-delivered image runs by image ID and is not pulled (no registry digest is pullable on that host).
/// </summary>
public static class ImageDistribution
{
    /// <summary>The mode this deploy uses: <see cref="DistributionMode.Registry"/> or <see cref="DistributionMode.Ssh"/>.</summary>
    public static async Task<string> ChooseAsync(ChainContext ctx, DeployInput input, DockerModeSpec mode, CancellationToken ct = default)
    {
        var requested = DistributionMode.Parse(ctx.Distribution);
        if (requested == DistributionMode.Ssh) return RequireSsh(ctx, mode, "--distribution ssh was asked for");
        if (requested == DistributionMode.Registry || ctx.DryRun) return DistributionMode.Registry;
        var registry = ctx.Registry(input.Settings.RegistryName);
        if (NeverReachedTheRegistry(input))
        {
            var never = $"the push of {input.Settings.ImageRepository}:{input.Tag} did not reach registry {registry.Host}";
            RequireSsh(ctx, mode, never);
            ctx.Log.Warn($"[{input.Service}] {never}: delivering the image to the hosts of '{ctx.Environment}' over SSH from the build engine");
            return DistributionMode.Ssh;
        }
        try
        {
            await registry.PingAsync(ct);
            return DistributionMode.Registry;
        }
        catch (RegistryException ex) when (ex.StatusCode is null)
        {
            var why = $"registry {registry.Host} does not answer";
            RequireSsh(ctx, mode, why);
            ctx.Log.Warn($"[{input.Service}] {why}: delivering the image to the hosts of '{ctx.Environment}' over SSH instead");
            return DistributionMode.Ssh;
        }
    }

    /// <summary>
    /// True when a failed push may be left to SSH delivery: <c>--distribution auto</c>, a real run of an image Slipway assembled,
    /// and an environment in docker mode whose every host has ssh settings. Deploy then sends the image from the build engine.
    /// </summary>
    public static bool CanDeliverWithoutTheRegistry(ChainContext ctx, Images.AppImage? assembled) =>
        !ctx.DryRun && assembled is not null && SshCanStandIn(ctx);

    /// <summary><c>--distribution auto</c> and an environment in docker mode whose every host has ssh settings.</summary>
    public static bool SshCanStandIn(ChainContext ctx) =>
        DistributionMode.Parse(ctx.Distribution) == DistributionMode.Auto
        && ctx.Target.Mode is DockerMode && ctx.Target.Spec.Docker is { } docker && docker.Hosts.All(h => h.Ssh is not null);

    /// <summary>An assembled image whose push failed: no registry holds it, only the build engine can (after a load).</summary>
    private static bool NeverReachedTheRegistry(DeployInput input) => input.Build is { PushFailed: true };

    /// <summary>
    /// For <see cref="DistributionMode.Ssh"/>: sends the image to <paramref name="host"/> and returns <paramref name="spec"/> running it by
    /// image ID without a pull. Otherwise returns <paramref name="spec"/> unchanged.
    /// </summary>
    public static async Task<ContainerSpec> PrepareAsync(ChainContext ctx, DeployInput input, DockerHostSpec host, string distribution,
        ContainerSpec spec, CancellationToken ct = default)
    {
        if (distribution != DistributionMode.Ssh) return spec;
        var endpoint = new SshEndpoint(host.Name, host.Ssh!, ctx.ResolveAgainstCatalog);
        if (ctx.DryRun)
        {
            var image = input.Tag is null ? $"{input.Settings.ImageRepository}:<tag set by DockerBuild>" : $"{input.Settings.ImageRepository}:{input.Tag}";
            ctx.Log.Info($"[{input.Service}] would stream docker save {image} from the build engine over ssh " +
                         $"(ssh {string.Join(' ', endpoint.Arguments(endpoint.Docker("load")).Select(Processes.ShellQuoting.Quote))}), " +
                         $"check the image ID on host '{host.Name}', then run it by image ID without pulling");
            return spec;
        }
        var imageId = new ImageId(Digest.Parse(await SshImageTransfer.SendAsync(ctx.Docker, await LocalImageAsync(ctx, input, ct), endpoint, ctx.Log, ct),
            $"the image ID host '{host.Name}' reports"));
        input.Delivery = new ImageDelivery(DeliveryRoute.SshLoad, imageId, InRegistry: input.Digest is not null);
        // The registry digest stays the registry's: a host that got an image the registry never had is labelled with its image ID only.
        var labels = spec.Labels.ToDictionary();
        labels[SlipwayLabels.ImageId] = imageId.ToString();
        if (input.Digest is null) labels.Remove(SlipwayLabels.Digest);
        return spec with { Image = imageId.ToString(), ImageId = imageId, SkipPull = true, Labels = labels };
    }

    private static string RequireSsh(ChainContext ctx, DockerModeSpec mode, string why)
    {
        var without = mode.Hosts.Where(h => h.Ssh is null).Select(h => h.Name).ToList();
        if (without.Count > 0)
            throw new SlipwayException($"Cannot deliver the image to environment '{ctx.Environment}' over SSH ({why}): host(s) " +
                                       $"{string.Join(", ", without)} have no ssh settings in the catalog. Fix: add ssh (host, port, user, " +
                                       "identityFile, knownHostsFile) to those hosts, or deliver through the registry (start it; --distribution registry)");
        return DistributionMode.Ssh;
    }

    /// <summary>
    /// The reference the build engine knows the image by: the pushed tag, the digest reference, or the built image ID.
    /// Images are assembled straight into the registry, so when the engine has none of them it pulls the digest from
    /// the registry first (the case where the build machine reaches the registry and the deploy hosts do not); an image
    /// this run assembled is loaded into the engine instead when it has no digest or the pull fails (the registry is down
    /// or never got it).
    /// </summary>
    private static async Task<string> LocalImageAsync(ChainContext ctx, DeployInput input, CancellationToken ct)
    {
        var s = input.Settings;
        string?[] candidates = [input.Tag is null ? null : $"{s.ImageRepository}:{input.Tag}", input.Digest is null ? null : input.ImageByDigest.ToString(),
            input.Build?.ImageId?.ToString()];
        foreach (var candidate in candidates.OfType<string>())
            if (await EngineHasAsync(ctx.Docker, candidate, ct)) return candidate;
        if (input.Digest is not null)
        {
            try
            {
                var auth = ctx.EngineAuth(s.RegistryName);
                ctx.Log.Info($"[{input.Service}] the build engine lacks {input.ImageByDigest}: pulling it from the registry to send it over SSH");
                var progress = new Images.DockerProgress(ctx.Log);
                await ctx.Docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = s.ImageRepository, Tag = input.Digest.Value },
                    auth, progress, ct);
                progress.ThrowIfFailed($"pull of {input.ImageByDigest}");
                return input.ImageByDigest.ToString();
            }
            catch (Exception e) when (e is DockerApiException or SlipwayException or HttpRequestException)
            {
                ctx.Log.Warn($"[{input.Service}] cannot pull {input.ImageByDigest} into the build engine: {e.Message}");
            }
        }
        if (input.Build?.Image is { } assembled)
        {
            var tag = input.Tag is null ? null : $"{s.ImageRepository}:{input.Tag}";
            ctx.Log.Info($"[{input.Service}] the build engine lacks {tag ?? assembled.ConfigDigest}: loading the image this run assembled into it to send it over SSH");
            return await EngineImageLoader.LoadAsync(ctx.Docker, assembled, tag, ctx.Registry(s.RegistryName), ctx.Log, ct);
        }
        throw new SlipwayException($"Cannot deliver {input.Service} over SSH: the build engine has none of {string.Join(", ", candidates.OfType<string>())} " +
                                   "and cannot pull it from the registry. Fix: deploy it once where the registry answers (the build engine then keeps it), " +
                                   "or deliver through the registry when it is back");
    }

    private static async Task<bool> EngineHasAsync(IDockerClient docker, string reference, CancellationToken ct)
    {
        try
        {
            await docker.Images.InspectImageAsync(reference, ct);
            return true;
        }
        catch (DockerImageNotFoundException) { return false; }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound) { return false; }
    }
}
