using Slipway.Catalog;
using Slipway.Workflows;

namespace Slipway.Build;

/// <summary>
/// The GitHub Actions workflows, defined here and written by `./build.sh GenerateWorkflows` (as NUKE's
/// [GitHubActions] does). A test fails when the committed files differ from what this generates.
/// </summary>
static class GitHubWorkflows
{
    const string Source = "build/GitHubWorkflows.cs";
    const string Runner = "ubuntu-24.04";

    public static IEnumerable<GeneratedWorkflow> All(Catalog.Catalog catalog)
    {
        yield return Test();
        yield return BuildAndDeployDevelop();
        yield return Promote(catalog);
    }

    static GeneratedWorkflow Test() => new("test.yml", Source, "Runs the README's test command on every push and pull request.", Map(
        ("name", "test"),
        ("on", Map(
            ("push", Map(("branches", List("main", "develop", "release/**")))),
            ("pull_request", Map()))),
        ("jobs", Map(
            ("test", Map(
                ("runs-on", Runner),
                ("timeout-minutes", 45),
                ("steps", List(Checkout(), Cache(), BuildStep("Test", "Test")))))))));

    static GeneratedWorkflow BuildAndDeployDevelop()
    {
        var matrix = Map(("fail-fast", false), ("matrix", Map(("service", "${{ fromJSON(needs.plan.outputs.services) }}"))));
        var plan = Map(
            ("runs-on", Runner),
            ("outputs", Map(("services", "${{ steps.changed.outputs.services }}"))),
            ("steps", List(Checkout(), Cache(),
                Map(("id", "changed"), ("name", "Services this change touches"),
                    ("run", "./build.sh ChangedServices --env develop --base ${{ github.event.before }}")))));
        var build = Map(
            ("needs", "plan"),
            ("if", "needs.plan.outputs.services != '[]'"),
            ("runs-on", Runner),
            ("timeout-minutes", 60),
            ("strategy", matrix),
            ("steps", List(Checkout(), Cache(),
                BuildStep("Build and push ${{ matrix.service }}", "Push --env develop --service ${{ matrix.service }}", RegistrySecrets()))));
        var deploy = Map(
            ("needs", List("plan", "build")),
            ("runs-on", Runner),
            ("environment", "develop"),
            ("strategy", matrix),
            ("concurrency", Map(("group", "deploy-develop-${{ matrix.service }}"), ("cancel-in-progress", false))),
            ("steps", List(Checkout(), Cache(),
                BuildStep("Deploy ${{ matrix.service }} to develop", "Deploy --env develop --service ${{ matrix.service }}",
                    RegistrySecrets(), ClusterSecrets()))));
        return new("build.yml", Source,
            "On a push to develop or a release branch: the chain up to Push for each service the change touches, then Deploy to develop.",
            Map(("name", "build"),
                ("on", Map(("push", Map(("branches", List("develop", "release/**")))))),
                ("jobs", Map(("plan", plan), ("build", build), ("deploy", deploy)))));
    }

    static GeneratedWorkflow Promote(Catalog.Catalog catalog)
    {
        // Real stages only: environments on registries Slipway manages itself are this machine's local ones.
        var real = catalog.Environments.Where(e => !catalog.Registries[e.Value.Registry].Managed).ToList();
        var sources = real.Where(e => real.Any(o => o.Value.PromoteFrom == e.Key)).Select(e => (object?)e.Key).ToList();
        var targets = real.Where(e => e.Value.PromoteFrom is not null).Select(e => (object?)e.Key).ToList();
        return new("promote.yml", Source,
            "Promotes the image an environment runs to the next one, unchanged (same digest). Online regions need approval (GitHub environments).",
            Map(
                ("name", "promote"),
                ("on", Map(("workflow_dispatch", Map(("inputs", Map(
                    ("service", Map(("description", "Service to promote"), ("required", true), ("type", "string"))),
                    ("from", Map(("description", "Environment whose image is promoted"), ("required", true), ("type", "choice"), ("options", sources))),
                    ("to", Map(("description", "Environment to promote to (one at a time: each online region has its own approval)"),
                        ("required", true), ("type", "choice"), ("options", targets))))))))),
                ("jobs", Map(
                    ("promote", Map(
                        ("runs-on", Runner),
                        ("timeout-minutes", 60),
                        ("environment", "${{ inputs.to }}"),
                        ("concurrency", Map(("group", "promote-${{ inputs.service }}-${{ inputs.to }}"), ("cancel-in-progress", false))),
                        ("steps", List(Checkout(), Cache(),
                            BuildStep("Promote ${{ inputs.service }} from ${{ inputs.from }} to ${{ inputs.to }}",
                                "Promote --service ${{ inputs.service }} --from ${{ inputs.from }} --to ${{ inputs.to }}",
                                RegistrySecrets(), ClusterSecrets())))))))));
    }

    static Dictionary<string, object?> Checkout() =>
        Map(("uses", "actions/checkout@v4"), ("with", Map(("fetch-depth", 0))));

    static Dictionary<string, object?> Cache() => Map(
        ("uses", "actions/cache@v4"),
        ("with", Map(
            ("path", "~/.nuget/packages\n.nuke/temp\n.slipway/mirrors\n"),
            ("key", "slipway-${{ runner.os }}-${{ hashFiles('Directory.Packages.props', 'global.json') }}"))));

    /// <summary>Runs the build host as root: it installs packages and starts dockerd when they are missing.</summary>
    static Dictionary<string, object?> BuildStep(string name, string arguments, params (string, object?)[][] env)
    {
        var step = Map(("name", name));
        if (env.Length > 0) step["env"] = Map(env.SelectMany(e => e).ToArray());
        step["run"] = $"sudo -E env \"PATH=$PATH\" ./build.sh {arguments}";
        return step;
    }

    static (string, object?)[] RegistrySecrets() =>
    [
        ("SLIPWAY_HUB_USERNAME", "${{ secrets.HUB_USERNAME }}"),
        ("SLIPWAY_HUB_PASSWORD", "${{ secrets.HUB_PASSWORD }}"),
    ];

    static (string, object?)[] ClusterSecrets() => [("SLIPWAY_KUBECONFIG_DATA", "${{ secrets.KUBECONFIG_DATA }}")];

    static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>();
        foreach (var (key, value) in entries) map[key] = value;
        return map;
    }

    static List<object?> List(params object?[] items) => items.ToList();
}
