namespace Slipway.Engine.Tests;

public sealed class EntryPointTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Execute_with_an_environment_runs_a_new_build_with_its_default_targets()
    {
        var output = new StringWriter();

        var exitCode = EntryBuild.Start([], new BuildEnvironment { RootDirectory = _fixture.Root, Output = output });

        Assert.Equal(0, exitCode);
        Assert.Contains("hello from Greet", output.ToString());
    }

    [Fact]
    public void The_root_is_found_upward_from_the_working_directory_when_not_given()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_fixture.Root, "deep", "er")).FullName;
        var output = new StringWriter();

        EntryBuild.Start(["WhereAmI"], new BuildEnvironment { WorkingDirectory = nested, Output = output });

        Assert.Contains($"root={_fixture.Root}", output.ToString());
    }

    [Fact]
    public void Two_parameters_claiming_the_same_cli_name_are_rejected()
    {
        var result = _fixture.Run(new ClashingBuild(), ["Noop"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Parameters Skipped and Skip both use --skip", result.Output);
    }

    [Fact]
    public void Readonly_fields_and_private_setters_can_be_parameters()
    {
        var build = new ReadonlyBuild();

        var result = _fixture.Run(build, ["Noop", "--env", "dev", "--region", "eu"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("dev", build.EnvValue);
        Assert.Equal("eu", build.Region);
    }

    private sealed class ReadonlyBuild : BuildHost
    {
        [Parameter("Environment")] readonly string? Env = null;
        [Parameter("Region")] public string? Region { get; private set; }

        public string? EnvValue => Env;

        Target Noop => _ => _;
    }

    private sealed class EntryBuild : BuildHost
    {
        public static int Start(string[] args, BuildEnvironment environment) => Execute<EntryBuild>(args, environment, x => x.Greet);

        public Target Greet => _ => _.Executes(() => Output.WriteLine("hello from Greet"));

        Target WhereAmI => _ => _.Executes(() => Output.WriteLine($"root={RootDirectory}"));
    }

    private sealed class ClashingBuild : BuildHost
    {
        [Parameter("Conflicts with the engine's --skip", Name = "skip")] public string? Skipped = null;

        Target Noop => _ => _;
    }
}
