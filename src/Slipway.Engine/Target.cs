namespace Slipway.Engine;

/// <summary>
/// A build target, declared NUKE-style as a property: <c>Target Compile => _ => _.DependsOn(Restore).Executes(...)</c>.
/// The property name is the target's name.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition _);
