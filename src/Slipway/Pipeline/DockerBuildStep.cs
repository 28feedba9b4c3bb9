using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Registry;
using Slipway.Versioning;

namespace Slipway.Pipeline;

/// <summary>
/// DockerBuild: assembles the layered application image without an engine build, as Jib does. The base image
/// is read from the environment's registry (pushed there once through the engine when absent, after building
/// it from its recipe when the engine lacks it too); the application layers are reproducible tars written
/// by Slipway; the config is derived from the base's. Push then uploads only the missing blobs.
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
        var baseInRegistry = $"{settings.RegistryHost}/{baseRepo}:{BaseImagePublisher.TagOf(settings.BaseImage.Image)}";
        var created = run.Checkout?.CommitTime ?? ctx.BuildTime;

        if (ctx.DryRun)
        {
            run.Tag = ImageTagFactory.Create(branch, ctx.BuildTime, zone, run.Checkout?.Sha);
            ctx.Log.Info($"[{run.Service}] would assemble {settings.ImageRepository}:{run.Tag} on {settings.BaseImage.Image}" +
                         (ImageTagFactory.NeedsCommit(branch) ? "" : " (tagged with -<commit> appended if the registry already holds that tag)") +
                         (recipe is null ? "" : $" (built from {recipe} first if neither the registry nor the engine has it)") + ":");
            var placeholder = AppLayout.Placeholders(BuildKeys.StartScript(ctx), layout);
            foreach (var line in ImagePlan.Describe(settings.BaseImage.Image, baseInRegistry, placeholder, Labels(ctx, run), layout,
                         "<commit time>"))
                ctx.Log.Info("    " + line);
            return;
        }

        var registry = ctx.Registry(settings.RegistryName);
        run.Tag = await BuildTag.ChooseAsync(registry, settings.RepositoryPath, branch, run.Checkout!.Sha, ctx.BuildTime, zone, ctx.Log, ct);
        var auth = ctx.EngineAuth(settings.RegistryName);
        RegistryBaseImage baseImage;
        try
        {
            baseImage = await BaseImagePublisher.EnsureAsync(ctx.Docker, registry, auth, settings.BaseImage.Image, recipe, baseRepo, ctx.Log, ct);
        }
        catch (HttpRequestException e)
        {
            // Only the engine is reached through a bare HttpRequestException: the registry client maps its own failures.
            var source = System.Environment.GetEnvironmentVariable("DOCKER_HOST") is null ? "the default socket" : "DOCKER_HOST";
            throw SlipwayException.Input($"build engine {ctx.BuildEngineEndpoint} (from {source})",
                $"it does not answer ({e.InnerException?.Message ?? e.Message}); it is needed once to push the base image " +
                $"{settings.BaseImage.Image} as {baseInRegistry}, which the registry does not have yet. Nothing was pushed",
                "start dockerd there or point DOCKER_HOST at a running engine (or push the base image to the registry yourself), then rerun");
        }
        var users = await baseImage.UsersAsync(registry, ct);
        var layers = AppLayout.Split(run.ExplodedDirectory!, settings.ConfigFolders, BuildKeys.StartScript(ctx), layout)
            .Where(l => l.Files.Count > 0)
            .Select(l =>
            {
                var (uid, gid) = users.Resolve(l.Owner, settings.BaseImage.Image);
                return LayerTarWriter.Write(l, uid, gid);
            })
            .ToList();
        run.Image = AppImageAssembler.Assemble(baseImage, layers, Labels(ctx, run).ToPairs(), ImagePlan.Entrypoint,
            [layout.StartScriptPath], created);
        run.ImageId = new ImageId(Digest.Parse(run.Image.ConfigDigest, "the assembled image's config"));
        foreach (var layer in layers)
            ctx.Log.Info($"[{run.Service}]   layer {layer.Name,-7} {layer.Digest[..19]}  {layer.EntryCount,4} entries  {layer.Size,9} bytes");
        ctx.Log.Info($"[{run.Service}] assembled {settings.ImageRepository}:{run.Tag} = {run.Image.Digest} on {baseInRegistry} " +
                     $"({baseImage.Layers.Count} base + {layers.Count} app layers; config {run.ImageId.Config.Value[..19]})");
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
