namespace Slipway.Engine.Parameters;

/// <summary>Marks an engine switch that is read from the command line only, and left out of the schema.</summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class CommandLineOnlyAttribute : Attribute;
