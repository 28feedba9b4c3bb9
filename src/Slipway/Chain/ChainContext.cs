using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Chain;

/// <summary>The inputs shared by every step of one chain run, and the clients they open lazily.</summary>
public sealed class ChainContext : IDisposable
{
    private readonly Dictionary<string, RegistryClient> _registries = new();
    private readonly Dictionary<string, IDisposable> _held = new();
    private IDockerClient? _docker;
    private TargetEnvironment? _target;

    public required Catalog.Catalog Catalog { get; init; }
    /// <summary>The environment's name (--env); <see cref="Target"/> is the environment itself.</summary>
    public required string Environment { get; init; }
    public required IBuildLog Log { get; init; }
    public required WorkspacePaths Paths { get; init; }
    /// <summary>The folder holding images/ (the start script and the base-image recipe).</summary>
    public required string RecipeRoot { get; init; }
    public bool DryRun { get; init; }
    public bool ForceBuild { get; init; }
    /// <summary>
    /// With <see cref="DryRun"/>: also read what runs now (read-only engine calls, the manifests working copy) and
    /// print a diff. Off by default, so a plain dry run makes no engine or network call.
    /// </summary>
    public bool DryRunDiff { get; init; }
    public string? Branch { get; init; }
    public string? Commit { get; init; }
    public DateTimeOffset BuildTime { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>How long a deploy waits for another deploy of the same service and environment.</summary>
    public TimeSpan DeployLockTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>How long a run waits for a service workspace another run of the same state folder uses.</summary>
    public TimeSpan WorkspaceLockTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>The lease of the cross-machine deploy lock of environments with a git ledger (duration, renewal, polling).</summary>
    public SharedLeaseOptions DeployLease { get; init; } = new();
    public CredentialResolver Credentials { get; init; } = new();
    public RegistryClientOptions? RegistryOptions { get; init; }
    /// <summary>--distribution: auto (registry, SSH when it does not answer), registry, or ssh.</summary>
    public string Distribution { get; init; } = "auto";
    /// <summary>The release gates' clock (windows, soak); tests set a fixed one (<see cref="TestClock"/>).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>--override-gates --reason: passes a closed deploy window or missing soak, recorded with this reason.</summary>
    public string? GateOverrideReason { get; init; }

    /// <summary>
    /// A new context with every setting of this one but for <paramref name="environment"/> (Promote, Status and
    /// Rollback act on several environments); its clients are its own, so dispose it.
    /// </summary>
    public ChainContext ForEnvironment(string environment) => new()
    {
        Catalog = Catalog, Environment = environment, Log = Log, Paths = Paths, RecipeRoot = RecipeRoot,
        DryRun = DryRun, ForceBuild = ForceBuild, DryRunDiff = DryRunDiff, Branch = Branch, Commit = Commit,
        BuildTime = BuildTime, DeployLockTimeout = DeployLockTimeout, WorkspaceLockTimeout = WorkspaceLockTimeout, DeployLease = DeployLease,
        Credentials = Credentials, RegistryOptions = RegistryOptions, Distribution = Distribution, Clock = Clock,
        GateOverrideReason = GateOverrideReason,
    };

    /// <summary>The environment this context acts on, resolved once: its settings and its deploy mode.</summary>
    public TargetEnvironment Target => _target ??= Catalog.Target(Environment);

    /// <summary>The engine that builds images: DOCKER_HOST, else the local socket.</summary>
    public IDockerClient Docker => _docker ??= DockerClients.Connect(BuildEngineEndpoint, null);

    /// <summary>The build engine's address and where it came from, e.g. "tcp://h:2376 (from DOCKER_HOST)", for messages.</summary>
    public string BuildEngineEndpoint => System.Environment.GetEnvironmentVariable("DOCKER_HOST") ?? DockerClients.DefaultSocket;

    public RegistryClient Registry(string name)
    {
        if (_registries.TryGetValue(name, out var client)) return client;
        var spec = Catalog.Registries[name];
        return _registries[name] = RegistryClient.FromSpec(spec, Credentials, RegistryOptions, name);
    }

    public RegistryCredentials? RegistryCredentials(string name) =>
        Credentials.Resolve(Catalog.Registries[name].Credentials, $"registries.{name}");

    /// <summary>The X-Registry-Auth a Docker engine needs to pull from registry <paramref name="registryName"/> (even an anonymous one).</summary>
    public AuthConfig EngineAuth(string registryName)
    {
        var serverAddress = RegistryAddress.HostOf(Catalog.Registries[registryName].Url);
        var credentials = RegistryCredentials(registryName);
        return credentials is null
            ? new AuthConfig { ServerAddress = serverAddress }
            : new AuthConfig { ServerAddress = serverAddress, Username = credentials.Username, Password = credentials.Password };
    }

    /// <summary>
    /// Takes a lock this run keeps until it ends (released when the context is disposed), e.g. a service workspace's;
    /// a <paramref name="key"/> this run already holds is not taken again.
    /// </summary>
    public async Task HoldUntilDisposedAsync(string key, Func<Task<IDisposable>> take)
    {
        lock (_held) if (_held.ContainsKey(key)) return;
        var taken = await take();
        lock (_held) _held[key] = taken;
    }

    public string ResolveAgainstCatalog(string path) =>
        Path.IsPathRooted(path) || path.Contains("://") || path.Contains('@')
            ? path
            : Path.GetFullPath(Path.Combine(Catalog.BaseDirectory, path));

    public void Dispose()
    {
        foreach (var client in _registries.Values) client.Dispose();
        lock (_held)
        {
            foreach (var held in _held.Values) held.Dispose();
            _held.Clear();
        }
        _docker?.Dispose();
    }
}
