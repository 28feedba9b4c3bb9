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
        yield return Approve(catalog);
        yield return Freeze(catalog);
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
                    ("env", Map(("SLIPWAY_BASE", "${{ github.event.before }}"))),
                    ("run", "./build.sh ChangedServices --env develop")))));
        var build = Map(
            ("needs", "plan"),
            ("if", "needs.plan.outputs.services != '[]'"),
            ("runs-on", Runner),
            ("timeout-minutes", 60),
            ("strategy", matrix),
            ("steps", List(Checkout(), Cache(),
                BuildStep("Build and push ${{ matrix.service }}", "Push --env develop", MatrixService(), RegistrySecrets()))));
        var deploy = Map(
            ("needs", List("plan", "build")),
            ("runs-on", Runner),
            ("environment", "develop"),
            ("strategy", matrix),
            ("concurrency", Map(("group", "deploy-develop-${{ matrix.service }}"), ("cancel-in-progress", false))),
            ("steps", List(Checkout(), Cache(),
                BuildStep("Deploy ${{ matrix.service }} to develop", "Deploy --env develop", MatrixService(),
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
        var targets = PromotionTargets(catalog);
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
                            BuildStep("Promote ${{ inputs.service }} from ${{ inputs.from }} to ${{ inputs.to }}", "Promote",
                                Inputs("service", "from", "to"), RegistrySecrets(), ClusterSecrets())))))))));
    }

    /// <summary>An approval through GitHub: the approver is the GitHub user who dispatched the run.</summary>
    static GeneratedWorkflow Approve(Catalog.Catalog catalog) => new("approve.yml", Source,
        "Approves a digest of a service for an environment as the GitHub user who dispatches it (one of the catalog's approvers), or withdraws that approval.",
        Map(
            ("name", "approve"),
            ("on", Map(("workflow_dispatch", Map(("inputs", Map(
                ("service", Map(("description", "Service"), ("required", true), ("type", "string"))),
                ("env", Map(("description", "Environment the digest is approved for"), ("required", true), ("type", "choice"),
                    ("options", PromotionTargets(catalog)))),
                ("digest", Map(("description", "Manifest digest approved (sha256:...)"), ("required", true), ("type", "string"))),
                ("withdraw", Map(("description", "Withdraw your approval instead"), ("required", false), ("type", "boolean"),
                    ("default", false))))))))),
            ("jobs", Map(
                ("approve", Map(
                    ("runs-on", Runner),
                    ("timeout-minutes", 15),
                    ("concurrency", Map(("group", "gates-${{ inputs.env }}"), ("cancel-in-progress", false))),
                    ("steps", List(Checkout(), Cache(),
                        BuildStep("Approve ${{ inputs.digest }} of ${{ inputs.service }} for ${{ inputs.env }}", "Approve",
                            Inputs("service", "env", "digest", "withdraw"), Actor(), RegistrySecrets(), ClusterSecrets())))))))));

    /// <summary>An emergency freeze (or its end) through GitHub, recorded with the dispatching user and the reason.</summary>
    static GeneratedWorkflow Freeze(Catalog.Catalog catalog)
    {
        Dictionary<string, object?> Job(string target) => Map(
            ("if", $"inputs.action == '{target.ToLowerInvariant()}'"),
            ("runs-on", Runner),
            ("timeout-minutes", 15),
            ("concurrency", Map(("group", "gates-${{ inputs.env }}"), ("cancel-in-progress", false))),
            ("steps", List(Checkout(), Cache(),
                BuildStep($"{target} ${{{{ inputs.env }}}}", target, Inputs("env", "reason"), Actor(), RegistrySecrets()))));
        return new("freeze.yml", Source,
            "Freezes an environment (every deploy, promotion and rollback into it stops) or ends the freeze, as the GitHub user who dispatches it.",
            Map(
                ("name", "freeze"),
                ("on", Map(("workflow_dispatch", Map(("inputs", Map(
                    ("action", Map(("description", "freeze or unfreeze"), ("required", true), ("type", "choice"),
                        ("options", List("freeze", "unfreeze")))),
                    ("env", Map(("description", "Environment"), ("required", true), ("type", "choice"),
                        ("options", catalog.Environments.Where(e => !catalog.Registries[e.Value.Registry].Managed).Select(e => (object?)e.Key).ToList()))),
                    ("reason", Map(("description", "Why (recorded in the release ledger)"), ("required", true), ("type", "string"))))))))),
                ("jobs", Map(("freeze", Job("Freeze")), ("unfreeze", Job("Unfreeze"))))));
    }

    static List<object?> PromotionTargets(Catalog.Catalog catalog) => catalog.Environments
        .Where(e => !catalog.Registries[e.Value.Registry].Managed && e.Value.PromoteFrom is not null)
        .Select(e => (object?)e.Key).ToList();

    static Dictionary<string, object?> Checkout() =>
        Map(("uses", "actions/checkout@v4"), ("with", Map(("fetch-depth", 0))));

    static Dictionary<string, object?> Cache() => Map(
        ("uses", "actions/cache@v4"),
        ("with", Map(
            ("path", "~/.nuget/packages\n.nuke/temp\n.slipway/mirrors\n"),
            ("key", "slipway-${{ runner.os }}-${{ hashFiles('Directory.Packages.props', 'global.json') }}"))));

    /// <summary>
    /// Runs the build host as root: it installs packages and starts dockerd when they are missing. Workflow inputs reach
    /// the build only as SLIPWAY_* parameter variables in env:, never spliced into the run: text (no shell injection).
    /// </summary>
    static Dictionary<string, object?> BuildStep(string name, string arguments, params (string, object?)[][] env)
    {
        var step = Map(("name", name));
        if (env.Length > 0) step["env"] = Map(env.SelectMany(e => e).ToArray());
        step["run"] = $"sudo -E env \"PATH=$PATH\" ./build.sh {arguments}";
        return step;
    }

    /// <summary>Each dispatch input as the build parameter of the same name (SLIPWAY_SERVICE for --service, ...).</summary>
    static (string, object?)[] Inputs(params string[] names) =>
        names.Select(n => ("SLIPWAY_" + n.ToUpperInvariant(), (object?)$"${{{{ inputs.{n} }}}}")).ToArray();

    static (string, object?)[] MatrixService() => [("SLIPWAY_SERVICE", "${{ matrix.service }}")];

    /// <summary>The ledger's actor: the GitHub user who triggered the run.</summary>
    static (string, object?)[] Actor() => [("SLIPWAY_ACTOR", "${{ github.actor }}")];

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
