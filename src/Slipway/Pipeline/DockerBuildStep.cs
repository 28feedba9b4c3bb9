using Slipway.Images;
using Slipway.Versioning;

namespace Slipway.Pipeline;

/// <summary>
/// DockerBuild: the base image (built from its recipe when absent), the layered Dockerfile, the
/// normalized build context, and the build through the engine API with host networking.
/// </summary>
public static class DockerBuildStep
{
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, CancellationToken ct = default)
    {
        if (run.Reused) { ctx.Log.Info($"[{run.Service}] skipped: {run.ReuseReason}"); return; }
        var settings = run.Settings;
        var branch = run.Checkout?.Branch ?? ctx.Branch ?? ctx.Catalog.Services[run.Service].Branch;
        run.Tag = ImageTagFactory.Create(branch, ctx.BuildTime, TimeZoneInfo.FindSystemTimeZoneById(ctx.Catalog.TimeZone));
        var layout = new ImageLayout();
        var recipe = BaseImageRecipe(ctx, run);

        if (ctx.DryRun)
        {
            ctx.Log.Info($"[{run.Service}] would build {settings.ImageRepository}:{run.Tag} FROM {settings.BaseImage.Image}" +
                         (recipe is null ? "" : $" (built from {recipe} first if the engine lacks it)") + " with this Dockerfile:");
            var placeholder = AppLayout.Placeholders(BuildKeys.StartScript(ctx), layout);
            foreach (var line in DockerfileGenerator.Generate(settings.BaseImage.Image, Labels(ctx, run), placeholder, layout)
                         .Split('\n', StringSplitOptions.RemoveEmptyEntries))
                ctx.Log.Info("    " + line);
            return;
        }

        await BaseImage.EnsureAsync(ctx.Docker, settings.BaseImage.Image, recipe, ctx.Log, ct);
        var layers = AppLayout.Split(run.ExplodedDirectory!, settings.ConfigFolders, BuildKeys.StartScript(ctx), layout);
        var dockerfile = DockerfileGenerator.Generate(settings.BaseImage.Image, Labels(ctx, run), layers, layout);
        using var context = new MemoryStream();
        BuildContext.Write(context, dockerfile, layers);
        context.Position = 0;
        ctx.Log.Info($"[{run.Service}] building {settings.ImageRepository}:{run.Tag} " +
                     $"({string.Join(", ", layers.Select(l => $"{l.Name}: {l.Files.Count} files"))})");
        run.ImageId = await ImageBuilder.BuildAsync(ctx.Docker, context, [$"{settings.ImageRepository}:{run.Tag}"], ctx.Log, ct);
        ctx.Log.Info($"[{run.Service}] built image {run.ImageId}");
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
