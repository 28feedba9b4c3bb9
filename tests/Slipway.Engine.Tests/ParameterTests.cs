using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class ParameterTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private DeployBuild Run(params string[] args)
    {
        var build = new DeployBuild();
        var result = _fixture.Run(build, ["Show", .. args]);
        Assert.True(result.ExitCode == 0, result.Output);
        return build;
    }

    [Fact]
    public void Without_any_source_the_initializer_value_stays()
    {
        var build = Run();

        Assert.Null(build.Env);
        Assert.Equal(3, build.Retries);
        Assert.Equal("central", build.MavenRepository);
        Assert.Equal("normal", build.Verbosity);
    }

    [Fact]
    public void Parameters_json_overrides_the_default()
    {
        _fixture.WriteParameters("parameters.json", """{ "$schema": "./build.schema.json", "Env": "json" }""");

        Assert.Equal("json", Run().Env);
    }

    [Fact]
    public void A_profile_overrides_parameters_json()
    {
        _fixture.WriteParameters("parameters.json", """{ "Env": "json" }""");
        _fixture.WriteParameters("parameters.staging.json", """{ "Env": "profile" }""");

        Assert.Equal("profile", Run("--profile", "staging").Env);
    }

    [Fact]
    public void Later_profiles_win_over_earlier_ones()
    {
        _fixture.WriteParameters("parameters.a.json", """{ "Env": "from-a", "Registry": "reg-a" }""");
        _fixture.WriteParameters("parameters.b.json", """{ "Env": "from-b" }""");

        var build = Run("--profile", "a", "b");

        Assert.Equal("from-b", build.Env);
        Assert.Equal("reg-a", build.Registry);
    }

    [Fact]
    public void The_environment_overrides_profiles()
    {
        _fixture.WriteParameters("parameters.staging.json", """{ "Env": "profile" }""");
        _fixture.Variables["SLIPWAY_ENV"] = "environment";

        Assert.Equal("environment", Run("--profile", "staging").Env);
    }

    [Fact]
    public void The_command_line_overrides_everything()
    {
        _fixture.WriteParameters("parameters.json", """{ "Env": "json" }""");
        _fixture.WriteParameters("parameters.staging.json", """{ "Env": "profile" }""");
        _fixture.Variables["SLIPWAY_ENV"] = "environment";

        Assert.Equal("cli", Run("--profile", "staging", "--env", "cli").Env);
    }

    [Fact]
    public void The_profile_itself_can_come_from_the_environment_or_parameters_json()
    {
        _fixture.WriteParameters("parameters.json", """{ "Profile": ["staging"] }""");
        _fixture.WriteParameters("parameters.staging.json", """{ "Env": "profile" }""");

        Assert.Equal("profile", Run().Env);
    }

    [Fact]
    public void Environment_variables_are_matched_exactly_without_fuzzy_names()
    {
        _fixture.Variables["SLIPWAY_DRYRUN"] = "true";
        _fixture.Variables["slipway_env"] = "lower";
        _fixture.Variables["ENV"] = "bare";

        var build = Run();

        Assert.False(build.DryRun);
        Assert.Null(build.Env);
    }

    [Fact]
    public void Environment_variable_names_are_upper_snake_case_of_the_member()
    {
        _fixture.Variables["SLIPWAY_DRY_RUN"] = "true";
        _fixture.Variables["SLIPWAY_DEPLOY_STRATEGY"] = "blue-green";
        _fixture.Variables["SLIPWAY_SERVICE"] = "orders, billing";

        var build = Run();

        Assert.True(build.DryRun);
        Assert.Equal(DeployBuild.Strategy.BlueGreen, build.DeployStrategy);
        Assert.Equal(["orders", "billing"], build.Service);
    }

    [Fact]
    public void Json_keys_may_be_kebab_case_and_values_native_json_types()
    {
        _fixture.WriteParameters("parameters.json",
            """{ "deploy-strategy": "BlueGreen", "retries": 5, "Smoke": false, "Service": ["a", "b"], "maven-repository": "nexus" }""");

        var build = Run();

        Assert.Equal(DeployBuild.Strategy.BlueGreen, build.DeployStrategy);
        Assert.Equal(5, build.Retries);
        Assert.False(build.Smoke);
        Assert.Equal(["a", "b"], build.Service);
        Assert.Equal("nexus", build.MavenRepository);
    }

    [Fact]
    public void Cli_names_are_kebab_case_of_the_member_name()
    {
        var build = Run("--deploy-strategy", "BlueGreen", "--maven-repository", "nexus", "--registry-password", "pw");

        Assert.Equal(DeployBuild.Strategy.BlueGreen, build.DeployStrategy);
        Assert.Equal("nexus", build.MavenRepository);
        Assert.Equal("pw", build.RegistryPassword);
    }

    [Fact]
    public void An_explicit_parameter_name_replaces_the_member_name_everywhere()
    {
        Assert.Equal("eu-1", Run("--region", "eu-1").CloudRegion);

        _fixture.Variables["SLIPWAY_REGION"] = "eu-2";
        Assert.Equal("eu-2", Run().CloudRegion);
    }

    [Fact]
    public void A_bool_flag_alone_means_true_or_takes_an_explicit_value()
    {
        Assert.True(Run("--dry-run").DryRun);
        Assert.True(Run("--dry-run", "true").DryRun);
        Assert.False(Run("--smoke", "false").Smoke);
        Assert.False(Run("--smoke=false").Smoke);
    }

    [Fact]
    public void Arrays_take_several_values_and_comma_lists()
    {
        Assert.Equal(["a", "b", "c"], Run("--service", "a", "b,c").Service);
        Assert.Equal(["a", "b"], Run("--service", "a,b").Service);
    }

    [Fact]
    public void Enums_and_ints_are_converted()
    {
        var build = Run("--deploy-strategy", "bluegreen", "--retries", "7");

        Assert.Equal(DeployBuild.Strategy.BlueGreen, build.DeployStrategy);
        Assert.Equal(7, build.Retries);
    }

    [Fact]
    public void Targets_may_follow_a_single_valued_parameter()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["--env", "dev", "Compile"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("dev", build.Env);
        Assert.Equal(["Compile"], build.Executed);
    }

    [Fact]
    public void An_unknown_parameter_lists_the_valid_ones()
    {
        var result = _fixture.Run(new DeployBuild(), ["Show", "--enviroment", "dev"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Unknown parameter '--enviroment'. Available parameters are: --dry-run, --profile, --verbosity, --env, --registry,", result.Output);
        Assert.Contains("--skip", result.Output);
    }

    [Fact]
    public void An_unknown_target_lists_the_listed_targets()
    {
        var build = new DeployBuild();

        var result = _fixture.Run(build, ["Compile", "Deplyo"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Unknown target 'Deplyo'. Available targets are: Compile, Package, Push, PushWhenReady, PushWhenReadyStatic, Deploy, Smoke_, Show.", result.Output);
        Assert.Empty(build.Executed);
    }

    [Fact]
    public void An_invalid_value_names_the_parameter_source_and_expectation()
    {
        _fixture.Variables["SLIPWAY_RETRIES"] = "many";

        var result = _fixture.Run(new DeployBuild(), ["Show"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Invalid value 'many' for parameter --retries (SLIPWAY_RETRIES): expected a whole number. Fix: give --retries a whole number", result.Output);
    }

    [Fact]
    public void An_invalid_enum_value_lists_the_choices()
    {
        var result = _fixture.Run(new DeployBuild(), ["Show", "--deploy-strategy", "canary"]);

        Assert.Contains("expected one of Rolling, BlueGreen", result.Output);
    }

    [Fact]
    public void Verbosity_accepts_only_its_documented_values()
    {
        Assert.Equal("quiet", Run("--verbosity", "QUIET").Verbosity);

        var result = _fixture.Run(new DeployBuild(), ["Show", "--verbosity", "loud"]);
        Assert.Contains("expected one of quiet, normal, verbose", result.Output);
    }

    [Fact]
    public void A_missing_profile_file_is_an_error()
    {
        var result = _fixture.Run(new DeployBuild(), ["Show", "--profile", "nope"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("Profile 'nope' not found", result.Output);
    }

    [Fact]
    public void Unknown_keys_in_parameter_files_are_warned_about()
    {
        _fixture.WriteParameters("parameters.json", """{ "Enviroment": "dev" }""");

        var result = _fixture.Run(new DeployBuild(), ["Show"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("WARN: parameters.json: unknown key 'Enviroment' is ignored.", result.Output);
    }

    [Fact]
    public void Invalid_json_is_reported_with_the_file()
    {
        _fixture.WriteParameters("parameters.json", "{ not json");

        var result = _fixture.Run(new DeployBuild(), ["Show"]);

        Assert.Equal(ExitCodes.InvalidInvocation, result.ExitCode);
        Assert.Contains("parameters.json is not valid JSON", result.Output);
    }

    [Fact]
    public void Quiet_verbosity_hides_progress_but_keeps_the_summary()
    {
        var result = _fixture.Run(new DeployBuild(), ["Compile", "--verbosity", "quiet"]);

        Assert.DoesNotContain("> Compile", result.Output);
        Assert.Contains("Build succeeded", result.Output);
    }
}
