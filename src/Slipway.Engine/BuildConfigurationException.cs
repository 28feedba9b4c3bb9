namespace Slipway.Engine;

/// <summary>An invocation the engine rejects before running anything; printed as its message only.</summary>
internal sealed class BuildConfigurationException(string message) : Exception(message);
