namespace Slipway.Engine.Parameters;

/// <summary>
/// The parameters the engine itself understands. They live here rather than on <see cref="BuildHost"/>
/// because a member named <c>Target</c> there would hide the <see cref="Slipway.Engine.Target"/> type in builds.
/// </summary>
internal sealed class EngineSwitches
{
    [Parameter("Targets to run (instead of naming them first on the command line)")]
    public string[]? Target;

    [Parameter("Targets to skip; with no names, skip all but the invoked targets")]
    public string[]? Skip;

    [Parameter("Show targets and parameters with their current values"), CommandLineOnly]
    public bool Help;

    [Parameter("Print the execution plan and exit"), CommandLineOnly]
    public bool Plan;

    [Parameter("Print the target names and exit"), CommandLineOnly]
    public bool List;
}
