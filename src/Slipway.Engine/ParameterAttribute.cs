namespace Slipway.Engine;

/// <summary>
/// Marks a field or property of the build as a parameter. It is set from, in order of precedence:
/// the command line (<c>--kebab-name</c>), the environment (<c>SLIPWAY_UPPER_SNAKE_NAME</c>),
/// <c>.nuke/parameters.&lt;profile&gt;.json</c> for each <c>--profile</c> (later profiles win),
/// <c>.nuke/parameters.json</c>, and finally the member's initializer.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public class ParameterAttribute(string description = "") : Attribute
{
    /// <summary>The text shown in <c>--help</c> and in the JSON schema.</summary>
    public string Description { get; } = description;

    /// <summary>Overrides the member name as the base of the CLI, environment and JSON names.</summary>
    public string? Name { get; init; }

    /// <summary>Splits a single value into array items (default: <c>,</c>).</summary>
    public string? Separator { get; init; }
}
