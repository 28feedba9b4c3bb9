namespace Slipway.Catalog;

/// <summary>An environment of a loaded catalog, resolved once: its name, its settings and its deploy mode.</summary>
public sealed record TargetEnvironment(string Name, EnvironmentSpec Spec, ICatalogMode Mode);
