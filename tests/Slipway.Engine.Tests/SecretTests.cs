using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class SecretTests : IDisposable
{
    private const string Password = "hunter2-very-secret";
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Help_shows_a_set_secret_as_secret_and_never_its_value()
    {
        var result = _fixture.Run(new DeployBuild(), ["--help", "--registry-password", Password]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--registry-password", result.Output);
        Assert.Contains("<secret>", result.Output);
        Assert.DoesNotContain(Password, result.Output);
    }

    [Fact]
    public void Help_shows_an_unset_secret_as_not_set()
    {
        var result = _fixture.Run(new DeployBuild(), ["--help"]);

        var line = result.Output.Split('\n').Single(l => l.TrimStart().StartsWith("--registry-password"));
        Assert.Contains("<not set>", line);
    }

    [Fact]
    public void A_secret_printed_by_a_target_is_masked_in_all_output()
    {
        _fixture.Variables["SLIPWAY_REGISTRY_PASSWORD"] = Password;

        var result = _fixture.Run(new DeployBuild(), ["Leak", "Package"]);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(Password, result.Output);
        Assert.Contains("the password is ****!", result.Output);
        Assert.Contains("packaging with password ****", result.Output);
    }

    [Fact]
    public void A_secret_in_a_failure_message_is_masked()
    {
        var result = _fixture.Run(new LeakyFailureBuild(), ["Fail", "--token", Password]);

        Assert.Equal(ExitCodes.BuildFailed, result.ExitCode);
        Assert.DoesNotContain(Password, result.Output);
        Assert.Contains("login failed for ****", result.Output);
    }

    [Fact]
    public void An_invalid_secret_value_is_not_echoed()
    {
        var result = _fixture.Run(new LeakyFailureBuild(), ["Fail", "--pin", Password]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Invalid value for parameter --pin", result.Output);
        Assert.DoesNotContain(Password, result.Output);
    }

    [Fact]
    public void SecretValues_holds_the_values_of_secret_parameters_only()
    {
        var build = new DeployBuild();

        _fixture.Run(build, ["Compile", "--registry-password", Password, "--env", "dev"]);

        Assert.Equal([Password], build.SecretValues);
    }

    private sealed class LeakyFailureBuild : BuildHost
    {
        [Parameter("API token"), Secret] public string? Token = null;
        [Parameter("PIN"), Secret] public int Pin = 0;

        Target Fail => _ => _.Executes(() => throw new InvalidOperationException($"login failed for {Token}"));
    }
}
