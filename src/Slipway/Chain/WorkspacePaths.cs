namespace Slipway.Chain;

/// <summary>
/// Where Slipway keeps its state on the build machine, all under one git-ignored folder
/// (default <c>.slipway/</c> beside the catalog).
/// </summary>
public sealed record WorkspacePaths(string Root)
{
    public string Mirrors => Path.Combine(Root, "mirrors");
    public string Daemons => Path.Combine(Root, "daemons");
    public string Ledger => Path.Combine(Root, "ledger");
    public string Locks => Path.Combine(Root, "locks");
    /// <summary>The deploy intents of runs in flight: journal/&lt;env&gt;/&lt;service&gt;.json, removed once the ledger has the outcome.</summary>
    public string Journal => Path.Combine(Root, "journal");
    public string Artifacts => Path.Combine(Root, "artifacts");
    /// <summary>The trigger API's run history: runs.db (SQLite) and logs/&lt;id&gt;.log with logs/&lt;id&gt;.exit.</summary>
    public string Trigger => Path.Combine(Root, "trigger");
    /// <summary>Rendered manifests / container specs of an environment, for review: artifacts/&lt;env&gt;/&lt;node&gt;/&lt;service&gt;.yaml.</summary>
    public string EnvironmentArtifacts(string environment) => Path.Combine(Artifacts, environment);
    /// <summary>The working copy of an environment's static-pod manifests repository.</summary>
    public string Manifests(string environment) => Path.Combine(Root, "manifests", environment);
    public string Registry(string name) => Path.Combine(Root, "registries", name);
    public string ServiceWork(string service) => Path.Combine(Root, "work", service);
    public string Checkout(string service) => Path.Combine(ServiceWork(service), "src");
    public string Exploded(string service) => Path.Combine(ServiceWork(service), "exploded");
}
