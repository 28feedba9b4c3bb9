using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Slipway.Engine.Parameters;

namespace Slipway.Engine;

/// <summary>
/// The base class of a build, like NUKE's <c>NukeBuild</c>: declare <see cref="Target"/> properties and
/// <see cref="ParameterAttribute"/> members, then call <see cref="Execute{T}"/> from <c>Main</c>.
/// </summary>
public abstract class BuildHost
{
    private static readonly AsyncLocal<string?> RootDirectoryOfRun = new();
    private static readonly Lazy<string> DiscoveredRootDirectory =
        new(() => RootDirectoryLocator.Find(Directory.GetCurrentDirectory()));

    /// <summary>
    /// The folder holding <c>.nuke/</c> (searched upward from the working directory, falling back to it).
    /// During a run it is the root that run uses, which tests may inject via <see cref="BuildEnvironment"/>.
    /// </summary>
    public static string RootDirectory => RootDirectoryOfRun.Value ?? DiscoveredRootDirectory.Value;

    /// <summary>Prints what every target would do, with no side effects. Targets check it themselves.</summary>
    [Parameter("Print what every target would do, with no side effects")]
    public bool DryRun;

    /// <summary>Names of <c>.nuke/parameters.&lt;name&gt;.json</c> files to load; later profiles win.</summary>
    [Parameter("Profile(s) of .nuke/parameters.<name>.json to load")]
    public string[] Profile = [];

    /// <summary>How much the engine prints: quiet, normal or verbose.</summary>
    [Parameter("quiet | normal | verbose")]
    [AllowedValues("quiet", "normal", "verbose")]
    public string Verbosity = "normal";

    /// <summary>The targets named on the command line, or the default targets when none were named.</summary>
    public IReadOnlyList<string> InvokedTargets { get; internal set; } = [];

    /// <summary>
    /// The targets of the plan that are not skipped, in execution order. In <see cref="OnBuildInitialized"/> it
    /// reflects <c>--skip</c>; static conditions are evaluated right after that hook and may remove more.
    /// </summary>
    public IReadOnlyList<string> ExecutingTargets { get; internal set; } = [];

    /// <summary>Every target this build declares, in declaration order.</summary>
    public IReadOnlyList<string> TargetNames => Definition.TargetDiscovery.FindNames(GetType());

    /// <summary>True once a target or build hook has failed.</summary>
    public bool IsFailing { get; internal set; }

    /// <summary>True while no target or build hook has failed.</summary>
    public bool IsSucceeding => !IsFailing;

    /// <summary>The run's output, with secret values masked. Targets should write here.</summary>
    public TextWriter Output { get; internal set; } = TextWriter.Null;

    /// <summary>The current non-empty values of all <see cref="SecretAttribute"/> parameters, for masking output.</summary>
    public IReadOnlyCollection<string> SecretValues => SecretValueCollector.Collect(this);

    /// <summary>Runs the build in this process: reads the real environment and console, returns the exit code.</summary>
    /// <param name="args">The command line: <c>[targets...] [--param value...]</c>.</param>
    /// <param name="defaultTargets">The targets to run when none is named, e.g. <c>x => x.Compile</c>.</param>
    protected static int Execute<T>(string[] args, params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildHost, new()
        => BuildRunner.Run(new T(), args, BuildEnvironment.FromProcess(), defaultTargets);

    /// <summary>NUKE's shape: like <see cref="Execute{T}(string[], Expression{Func{T, Target}}[])"/> with the process's own arguments.</summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildHost, new()
        => Execute(Environment.GetCommandLineArgs().Skip(1).ToArray(), defaultTargets);

    /// <summary>Runs the build against an injected environment (root directory, variables, output).</summary>
    protected static int Execute<T>(string[] args, BuildEnvironment environment, params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildHost, new()
        => BuildRunner.Run(new T(), args, environment, defaultTargets);

    /// <summary>Called after parameters are bound and the plan is made, before any target runs.</summary>
    protected virtual void OnBuildInitialized() { }

    /// <summary>Called after the last target, whether the build succeeded or not.</summary>
    protected virtual void OnBuildFinished() { }

    /// <summary>Called when a target is about to run (after its dynamic conditions passed), before its first output line.</summary>
    /// <param name="target">The target's name.</param>
    protected virtual void OnTargetStart(string target) { }

    /// <summary>Called after a target that started has ended, with its status and, when it failed, the exception.</summary>
    /// <param name="target">The target's name.</param>
    /// <param name="status">Succeeded, Failed or Absent (no actions).</param>
    /// <param name="failure">The failure, unwrapped from reflection and single-exception aggregates; null on success.</param>
    protected virtual void OnTargetFinish(string target, TargetStatus status, Exception? failure) { }

    /// <summary>What the summary table's Note column says for a target that succeeded; null: nothing.</summary>
    /// <param name="target">The target's name.</param>
    protected virtual string? NoteOnSuccess(string target) => null;

    /// <summary>
    /// Whether an exception is an expected, actionable failure whose message alone should be printed.
    /// Exceptions whose type (or a base type) is named <c>SlipwayException</c> are always treated as user-facing.
    /// </summary>
    protected virtual bool IsUserFacing(Exception exception) => false;

    internal void RaiseBuildInitialized() => OnBuildInitialized();
    internal void RaiseBuildFinished() => OnBuildFinished();
    internal void RaiseTargetStart(string target) => OnTargetStart(target);
    internal void RaiseTargetFinish(string target, TargetStatus status, Exception? failure) => OnTargetFinish(target, status, failure);
    internal string? RaiseNoteOnSuccess(string target) => NoteOnSuccess(target);
    internal bool IsUserFacingException(Exception exception) => IsUserFacing(exception);

    internal static IDisposable UseRootDirectory(string root)
    {
        var previous = RootDirectoryOfRun.Value;
        RootDirectoryOfRun.Value = root;
        return new Restore(() => RootDirectoryOfRun.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
