namespace Slipway.Engine.Tests.Builds;

/// <summary>A deploy pipeline with parameters, conditions and requirements.</summary>
public sealed class DeployBuild : RecordingBuild
{
    public enum Strategy { Rolling, BlueGreen }

    [Parameter("Target environment")] public string? Env;
    [Parameter("Container registry")] public string? Registry;
    [Parameter("Services to deploy", Separator = ",")] public string[] Service = [];
    [Parameter("Deployment strategy")] public Strategy DeployStrategy = Strategy.Rolling;
    [Parameter("Attempts per step")] public int Retries = 3;
    [Parameter("Run smoke tests")] public bool Smoke = true;
    [Parameter("Registry password"), Secret] public string? RegistryPassword;
    [Parameter("Environment name override", Name = "region")] public string? CloudRegion;
    [Parameter("Maven repository")] public string? MavenRepository { get; set; } = "central";

    public bool ReadyToPush { get; private set; }

    Target Compile => _ => _.Description("Compiles the services").Executes(() => Record(nameof(Compile)));

    Target Package => _ => _.DependsOn(Compile).Executes(() =>
    {
        Record(nameof(Package));
        ReadyToPush = true;
        Output.WriteLine($"packaging with password {RegistryPassword}");
    });

    Target Push => _ => _
        .Description("Pushes images")
        .DependsOn(Package)
        .OnlyWhenStatic(() => Registry != null)
        .Requires(() => Env)
        .Executes(() => Record(nameof(Push)));

    Target PushWhenReady => _ => _
        .DependsOn(Package)
        .OnlyWhenDynamic(() => ReadyToPush)
        .Executes(() => Record(nameof(PushWhenReady)));

    Target PushWhenReadyStatic => _ => _
        .DependsOn(Package)
        .OnlyWhenStatic(() => ReadyToPush)
        .Executes(() => Record(nameof(PushWhenReadyStatic)));

    Target Deploy => _ => _
        .DependsOn(Push)
        .Requires(() => Env)
        .Requires(() => Retries > 0)
        .Executes(() => Record(nameof(Deploy)));

    Target Smoke_ => _ => _
        .DependsOn(Compile)
        .OnlyWhenDynamic(() => Smoke && Env == "prod")
        .Executes(() => Record(nameof(Smoke_)));

    Target Show => _ => _.Executes(() => Output.WriteLine(
        $"env={Env} registry={Registry} services={string.Join("+", Service)} strategy={DeployStrategy} " +
        $"retries={Retries} smoke={Smoke} dry={DryRun} region={CloudRegion} maven={MavenRepository} verbosity={Verbosity}"));

    Target Leak => _ => _.Unlisted().Executes(() => Output.WriteLine($"the password is {RegistryPassword}!"));
}
