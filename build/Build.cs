using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Engine;
using Slipway.Registry;

namespace Slipway.Build;

/// <summary>
/// Slipway's targets: Checkout -> MavenPackage -> ExplodeWar -> DockerBuild -> Push -> Deploy, plus Setup, Test
/// and the operations targets in the other partial files (Promote, Status, Rollback, Serve, GenerateWorkflows,
/// BuilderImage, Benchmark). Targets are thin: each one calls a step of the library for every selected service.
/// </summary>
partial class Build : BuildHost
{
    public static int Main(string[] args) => Execute<Build>(args, x => x.Deploy);

    [Parameter("Environment to build for and deploy to (see services.json: local, develop, test, pubtest, online-region1..3)")]
    public string? Env;

    [Parameter("Service(s) to act on, one or a comma list (default: every service enabled in --env)", Separator = ",")]
    public string[] Service = [];

    [Parameter("Git branch to build (default: the service's branch in the catalog)")]
    public string? Branch;

    [Parameter("Git commit to build, on --branch (default: the branch tip)")]
    public string? Commit;

    [Parameter("Path of the service catalog")]
    public string Catalog = "services.json";

    [Parameter("Build and push a new image even when the registry already has one for this commit")]
    public bool ForceBuild;

    [Parameter("Folder for Slipway's state: mirrors, workspaces, managed registries (default: .slipway beside the catalog)")]
    public string? StateDirectory;

    private Catalog.Catalog? _catalog;
    private ChainContext? _context;
    private List<ServiceRun>? _runs;

    Catalog.Catalog LoadedCatalog => _catalog ??= CatalogLoader.Load(Path.GetFullPath(Catalog, RootDirectory), DeployModes.Shipped);

    [Parameter("Kubeconfig contents (e.g. from a CI secret); written to a private file for this run and used as KUBECONFIG"), Secret]
    public string? KubeconfigData;

    private string? _kubeconfigFile;

    /// <summary>
    /// The run's one log (see Build.Output.cs), created once after the parameters are bound; it masks every
    /// secret: [Secret] parameters and the values the catalog's credential references resolve to.
    /// </summary>
    IBuildLog Log => _log ??= BuildLogFactory.CreateConsole(Verbosity, DryRun,
        SecretValues.Concat(_catalog is null ? [] : CatalogSecrets.Values(_catalog, new CredentialResolver())), OutputKind);

    WorkspacePaths Paths => new(StateDirectory ?? Path.Combine(LoadedCatalog.BaseDirectory, ".slipway"));

    /// <summary>The chain's shared context for --env; built once, after the parameters are bound.</summary>
    ChainContext Context => _context ??= ContextFor(Env!);

    /// <summary>A chain context for <paramref name="environment"/> with this run's parameters (Promote and Status act on several environments).</summary>
    ChainContext ContextFor(string environment) => new()
    {
        Catalog = LoadedCatalog,
        Environment = environment,
        Log = Log,
        Paths = Paths,
        RecipeRoot = RootDirectory,
        DryRun = DryRun,
        DryRunDiff = DryRunDiff,
        ForceBuild = ForceBuild,
        Branch = Branch,
        Commit = Commit,
        Distribution = Distribution,
        Clock = TestClock.FromEnvironment(),
        GateOverrideReason = GateOverrideReason,
    };

    /// <summary>One run per selected service, validated against the catalog.</summary>
    List<ServiceRun> Runs => _runs ??= LoadedCatalog.SelectServices(Env!, Service.Length == 0 ? null : Service)
        .Select(s => new ServiceRun(s, LoadedCatalog.Resolve(s, Env!)))
        .ToList();

    protected override void OnBuildInitialized()
    {
        if (KubeconfigData is not null) _kubeconfigFile = PrivateFile.Write("kubeconfig", KubeconfigData, "KUBECONFIG");
        Slipway.Deploy.Docker.DistributionMode.Parse(Distribution);
        if (Env is null) return;
        if (!LoadedCatalog.Environments.ContainsKey(Env))
            throw SlipwayException.Input($"--env {Env}", $"Unknown environment '{Env}' in the catalog {Path.GetFullPath(Catalog, RootDirectory)}",
                $"pass one of its environments: {string.Join(", ", LoadedCatalog.Environments.Keys)}");
        _ = Runs;
    }

    protected override void OnBuildFinished()
    {
        _context?.Dispose();
        if (_kubeconfigFile is not null) File.Delete(_kubeconfigFile);
        WriteJobSummary();
    }

    protected override bool IsUserFacing(Exception exception) => exception is SlipwayException;

    async Task ForEachService(Func<ServiceRun, Task> step)
    {
        foreach (var run in Runs) await step(run);
    }
}
