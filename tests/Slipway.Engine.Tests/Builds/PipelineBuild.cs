namespace Slipway.Engine.Tests.Builds;

/// <summary>A typical pipeline: dependencies, ordering, triggers and an unlisted helper.</summary>
public sealed class PipelineBuild : RecordingBuild
{
    // Captures nothing: the compiler caches one static delegate, unlike the others which capture `this`.
    Target Lint => _ => _.Description("Static checks").Unlisted();

    Target Clean => _ => _.Description("Deletes artifacts").Before(Restore).Executes(() => Record(nameof(Clean)));

    public Target Restore => _ => _.Description("Restores packages").Executes(() => Record(nameof(Restore)));

    Target Compile => _ => _.Description("Compiles").DependsOn(Restore, Lint).Executes(() => Record(nameof(Compile)));

    Target Test => _ => _.Description("Runs tests").DependsOn(Compile).Executes(() => Record(nameof(Test)));

    Target Pack => _ => _.Description("Packs").DependsOn(Compile).After(Test).Executes(() => Record(nameof(Pack)));

    Target Publish => _ => _.Description("Publishes").DependsOn(Pack).Triggers(Notify).Executes(() => Record(nameof(Publish)));

    Target Notify => _ => _.Triggers(Archive).Executes(() => Record(nameof(Notify)));

    Target Archive => _ => _.Executes(() => Record(nameof(Archive)));

    Target Audit => _ => _.TriggeredBy(Archive).Executes(() => Record(nameof(Audit)));

    Target Stamp => _ => _.DependentFor(Compile).Executes(() => Record(nameof(Stamp)));
}
