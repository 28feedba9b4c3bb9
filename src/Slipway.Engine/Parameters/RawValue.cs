namespace Slipway.Engine.Parameters;

/// <summary>Where a parameter value came from, lowest precedence first.</summary>
internal enum ParameterSource
{
    Default,
    ParametersFile,
    Profile,
    Environment,
    CommandLine,
}

/// <summary>A value for one parameter as text, before conversion to the member's type.</summary>
/// <param name="Values">The words given; several for lists, none for a bare flag.</param>
/// <param name="Origin">Human-readable origin for error messages, e.g. <c>SLIPWAY_ENV</c>.</param>
internal sealed record RawValue(IReadOnlyList<string> Values, ParameterSource Source, string Origin);
