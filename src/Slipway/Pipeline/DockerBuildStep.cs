using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Registry;
using Slipway.Versioning;

namespace Slipway.Pipeline;

/// <summary>
/// DockerBuild: assembles the layered application image without an engine build, as Jib does. The base image is read
/// from the environment's registry: a base the catalog places in a registry is copied there registry to registry (or used
/// in place when it is that registry), with no engine at all; an engine base is pushed there once through the engine when
/// absent, after building it from its recipe when the engine lacks it too. The application layers are reproducible tars
/// written by Slipway; the config is derived from the base's. Push then uploads only the missing blobs.
/// </summary>
public static class DockerBuildStep
{
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, CancellationToken ct = default)
    {
        if (run.Reused) { ctx.Log.Info($"[{run.Service}] skipped: {run.ReuseReason}"); return; }
        var settings = run.Settings;
        var branch = run.Checkout?.Branch ?? ctx.Branch ?? ctx.Catalog.Services[run.Service].Branch;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ctx.Catalog.TimeZone);
        var layout = new ImageLayout();
        var recipe = BaseImageRecipe(ctx, run);
        var baseRepo = BaseImagePublisher.RepositoryPath(settings.Registry.Namespace, settings.BaseImageName);
        var inRegistry = BaseInRegistry(ctx, settings);
        var baseName = inRegistry?.ToString() ?? settings.BaseImage.Image;
        var baseInRegistry = $"{settings.RegistryHost}/{baseRepo}:{BaseImagePublisher.TagOf(inRegistry?.ToString() ?? settings.BaseImage.Image)}";
        var created = run.Checkout?.CommitTime ?? ctx.BuildTime;

        if (ctx.DryRun)
        {
            run.Tag = ImageTagFactory.Create(branch, ctx.BuildTime, zone, run.Checkout?.Sha);
            ctx.Log.Info($"[{run.Service}] would assemble {settings.ImageRepository}:{run.Tag} on {baseName}" +
                         (inRegistry is null ? "" : $" ({Platform(settings)})") +
                         (ImageTagFactory.NeedsCommit(branch) ? "" : " (tagged with -<commit> appended if the registry already holds that tag)") +
                         (recipe is null ? "" : $" (built from {recipe} first if neither the registry nor the engine has it)") + ":");
            var origin = inRegistry is null
                ? $"read from {baseInRegistry} (pushed there once through the engine when absent)"
                : BaseOrigin(ctx, settings, inRegistry, baseInRegistry);
            var placeholder = AppLayout.Placeholders(BuildKeys.StartScript(ctx), layout);
            foreach (var line in ImagePlan.Describe(baseName, origin, placeholder, Labels(ctx, run), layout, "<commit time>"))
                ctx.Log.Info("    " + line);
            return;
        }

        var registry = ctx.Registry(settings.RegistryName);
        run.Tag = await BuildTag.ChooseAsync(registry, settings.RepositoryPath, branch, run.Checkout!.Sha, ctx.BuildTime, zone, ctx.Log, ct);
        var baseImage = inRegistry is null
            ? await EngineBaseAsync(ctx, settings, registry, recipe, baseRepo, baseInRegistry, ct)
            : await RegistryBaseCopier.EnsureAsync(ctx.Registry(settings.BaseImage.Registry!), inRegistry, Platform(settings),
                registry, baseRepo, ctx.Log, ct);
        var users = await baseImage.UsersAsync(registry, ct);
        var layers = AppLayout.Split(run.ExplodedDirectory!, settings.ConfigFolders, BuildKeys.StartScript(ctx), layout)
            .Where(l => l.Files.Count > 0)
            .Select(l =>
            {
                var (uid, gid) = users.Resolve(l.Owner, baseName);
                return LayerTarWriter.Write(l, uid, gid);
            })
            .ToList();
        run.Image = AppImageAssembler.Assemble(baseImage, layers, Labels(ctx, run).ToPairs(), ImagePlan.Entrypoint,
            [layout.StartScriptPath], created);
        run.ImageId = new ImageId(Digest.Parse(run.Image.ConfigDigest, "the assembled image's config"));
        foreach (var layer in layers)
            ctx.Log.Info($"[{run.Service}]   layer {layer.Name,-7} {layer.Digest[..19]}  {layer.EntryCount,4} entries  {layer.Size,9} bytes");
        ctx.Log.Info($"[{run.Service}] assembled {settings.ImageRepository}:{run.Tag} = {run.Image.Digest} on " +
                     $"{registry.Host}/{baseImage.Repository} {baseImage.Manifest.Digest[..19]} " +
                     $"({baseImage.Layers.Count} base + {layers.Count} app layers; config {run.ImageId.Config.Value[..19]})");
    }

    /// <summary>The base's reference in its registry, or null when the base comes from the engine.</summary>
    private static ImageReference? BaseInRegistry(ChainContext ctx, ResolvedService settings) =>
        settings.BaseImage.Registry is { } name
            ? ImageReference.InRegistry(RegistryAddress.HostOf(ctx.Catalog.Registries[name].Url), settings.BaseImage.Image)
            : null;

    private static ImagePlatform Platform(ResolvedService settings) =>
        ImagePlatform.TryParse(settings.BaseImage.Platform) ?? ImagePlatform.Default;

    private static string BaseOrigin(ChainContext ctx, ResolvedService settings, ImageReference inRegistry, string baseInRegistry)
    {
        var name = settings.BaseImage.Registry!;
        var read = $"read from registry '{name}' without an engine (an index or manifest list is narrowed to {Platform(settings)}; " +
                   (inRegistry.Digest is null ? "" : "the content must hash to the pinned digest; ");
        return SameRegistry(ctx, name, settings.RegistryName)
            ? read + $"it is the environment's registry, so Push mounts the base's layers from {inRegistry.Repository})"
            : read + $"its manifest and the blobs {baseInRegistry} lacks are copied there registry to registry)";
    }

    private static bool SameRegistry(ChainContext ctx, string a, string b) =>
        a == b || RegistryAddress.HostOf(ctx.Catalog.Registries[a].Url) == RegistryAddress.HostOf(ctx.Catalog.Registries[b].Url);

    private static async Task<RegistryBaseImage> EngineBaseAsync(ChainContext ctx, ResolvedService settings, RegistryClient registry,
        string? recipe, string baseRepo, string baseInRegistry, CancellationToken ct)
    {
        try
        {
            return await BaseImagePublisher.EnsureAsync(ctx.Docker, registry, ctx.EngineAuth(settings.RegistryName), settings.BaseImage.Image,
                recipe, baseRepo, ctx.Log, ct);
        }
        catch (HttpRequestException e)
        {
            // Only the engine is reached through a bare HttpRequestException: the registry client maps its own failures.
            var source = System.Environment.GetEnvironmentVariable("DOCKER_HOST") is null ? "the default socket" : "DOCKER_HOST";
            throw SlipwayException.Input($"build engine {ctx.BuildEngineEndpoint} (from {source})",
                $"it does not answer ({e.InnerException?.Message ?? e.Message}); it is needed once to push the base image " +
                $"{settings.BaseImage.Image} as {baseInRegistry}, which the registry does not have yet. Nothing was pushed",
                "start dockerd there or point DOCKER_HOST at a running engine (or put the base in a registry: the catalog's " +
                "baseImages \"registry\" needs no engine), then rerun");
        }
    }

    private static ImageLabels Labels(ChainContext ctx, ServiceRun run) => new(
        run.Service,
        run.Checkout?.Sha ?? "<commit>",
        run.Checkout?.Repository ?? ctx.Catalog.Services[run.Service].Repository,
        run.Version?.SemVer ?? "<gitversion>",
        ctx.BuildTime,
        run.Tag!,
        run.BuildKey!);

    private static string? BaseImageRecipe(ChainContext ctx, ServiceRun run) =>
        run.Settings.BaseImage.Recipe is { } recipe ? ctx.ResolveAgainstCatalog(recipe) : null;
}
