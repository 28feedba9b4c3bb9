using System.Text.Json;
using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static JsonElement Properties() =>
        JsonDocument.Parse(BuildSchema.Generate(typeof(DeployBuild))).RootElement.GetProperty("properties");

    [Fact]
    public void The_schema_is_draft_07_of_an_object()
    {
        var root = JsonDocument.Parse(BuildSchema.Generate(typeof(DeployBuild))).RootElement;

        Assert.Equal("http://json-schema.org/draft-07/schema#", root.GetProperty("$schema").GetString());
        Assert.Equal("object", root.GetProperty("type").GetString());
        Assert.True(Properties().TryGetProperty("$schema", out _));
    }

    [Fact]
    public void Parameters_appear_under_PascalCase_names_with_types_and_descriptions()
    {
        var properties = Properties();

        Assert.Equal("string", properties.GetProperty("Env").GetProperty("type").GetString());
        Assert.Equal("Target environment", properties.GetProperty("Env").GetProperty("description").GetString());
        Assert.Equal("integer", properties.GetProperty("Retries").GetProperty("type").GetString());
        Assert.Equal("boolean", properties.GetProperty("DryRun").GetProperty("type").GetString());
        Assert.Equal("array", properties.GetProperty("Service").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("Service").GetProperty("items").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("MavenRepository").GetProperty("type").GetString());
        Assert.True(properties.TryGetProperty("Region", out _));
        Assert.True(properties.TryGetProperty("RegistryPassword", out _));
    }

    [Fact]
    public void Enums_and_allowed_values_are_listed()
    {
        var properties = Properties();

        Assert.Equal(["Rolling", "BlueGreen"], Enum(properties.GetProperty("DeployStrategy")));
        Assert.Equal(["quiet", "normal", "verbose"], Enum(properties.GetProperty("Verbosity")));
    }

    [Fact]
    public void Target_and_Skip_are_arrays_of_the_build_target_names()
    {
        var properties = Properties();
        string[] targets = ["Compile", "Package", "Push", "PushWhenReady", "PushWhenReadyStatic", "Deploy", "Smoke_", "Show", "Leak"];

        Assert.Equal(targets, Enum(properties.GetProperty("Target").GetProperty("items")));
        Assert.Equal(targets, Enum(properties.GetProperty("Skip").GetProperty("items")));
    }

    [Fact]
    public void Command_line_only_switches_are_not_in_the_schema()
    {
        var properties = Properties();

        Assert.False(properties.TryGetProperty("Help", out _));
        Assert.False(properties.TryGetProperty("Plan", out _));
        Assert.False(properties.TryGetProperty("List", out _));
    }

    [Fact]
    public void Every_run_writes_the_schema_file_into_nuke()
    {
        _fixture.Run(new DeployBuild(), ["--list"]);

        var path = Path.Combine(_fixture.Root, ".nuke", "build.schema.json");
        Assert.Equal(BuildSchema.Generate(typeof(DeployBuild)), File.ReadAllText(path));
    }

    [Fact]
    public void An_unchanged_schema_file_is_not_rewritten()
    {
        var path = Path.Combine(_fixture.Root, ".nuke", "build.schema.json");
        File.WriteAllText(path, BuildSchema.Generate(typeof(DeployBuild)));
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        _fixture.Run(new DeployBuild(), ["--list"]);

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void A_stale_schema_file_is_replaced()
    {
        var path = Path.Combine(_fixture.Root, ".nuke", "build.schema.json");
        File.WriteAllText(path, "{}");

        _fixture.Run(new DeployBuild(), ["--list"]);

        Assert.Equal(BuildSchema.Generate(typeof(DeployBuild)), File.ReadAllText(path));
    }

    private static string[] Enum(JsonElement element) =>
        element.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
}
