using Slipway.Engine.Parameters;

namespace Slipway.Engine.Tests;

public sealed class NameConventionsTests
{
    [Theory]
    [InlineData("DryRun", "dry-run")]
    [InlineData("Service", "service")]
    [InlineData("HTTPPort", "http-port")]
    [InlineData("Java17Home", "java17-home")]
    [InlineData("_token", "token")]
    [InlineData("docker_registry", "docker-registry")]
    [InlineData("env", "env")]
    public void Kebab_case_splits_words_and_acronyms(string name, string expected) =>
        Assert.Equal(expected, NameConventions.ToKebabCase(name));

    [Theory]
    [InlineData("DryRun", "DRY_RUN")]
    [InlineData("Env", "ENV")]
    [InlineData("HTTPPort", "HTTP_PORT")]
    public void Upper_snake_case_is_used_for_environment_variables(string name, string expected) =>
        Assert.Equal(expected, NameConventions.ToUpperSnakeCase(name));

    [Theory]
    [InlineData("DryRun", null, "DryRun")]
    [InlineData("_token", null, "Token")]
    [InlineData("CloudRegion", "region", "Region")]
    [InlineData("X", "docker-registry", "DockerRegistry")]
    public void Json_names_are_PascalCase(string member, string? explicitName, string expected) =>
        Assert.Equal(expected, NameConventions.ToJsonName(member, explicitName));
}
