using Slipway.Engine;
using Slipway.Tooling;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Only run tests whose name matches this dotnet test filter (e.g. FullyQualifiedName~Catalog)")]
    public string? TestFilter;

    Target Test => _ => _
        .Description("Run the test suite: unit tests and end-to-end tests against the real engine, registry, git, sshd and Maven")
        .DependsOn(Setup)
        .Executes(async () =>
        {
            var projects = new[] { "tests/Slipway.Engine.Tests", "tests/Slipway.Tests" }
                .Select(p => Path.Combine(RootDirectory, p)).ToList();
            var results = Path.Combine(RootDirectory, ".slipway", "test-results");
            await TestRunner.RunAsync(projects, results, TestFilter, Log);
        });
}
