using System.Text.Json.Nodes;

namespace Slipway.Catalog;

/// <summary>
/// What the catalog needs of a deploy mode: the value of an environment's <c>"mode"</c>, the settings block it reads, and the
/// checks of that block. The modes themselves (Slipway.Deploy) implement it; the loader is given them, so the catalog never
/// names a mode.
/// </summary>
public interface ICatalogMode
{
    /// <summary>The value of <c>"mode"</c>, e.g. <c>static-pod</c>.</summary>
    string Name { get; }

    /// <summary>The environment's key holding this mode's settings, e.g. <c>staticPod</c>.</summary>
    string SettingsKey { get; }

    /// <summary>
    /// The JSON schema of the settings block when the shipped services.schema.json does not describe it (a mode added
    /// after it); null for the shipped modes.
    /// </summary>
    JsonNode? SettingsSchema => null;

    /// <summary>The environment's settings block for this mode, or null when it has none.</summary>
    object? SettingsOf(EnvironmentSpec environment);

    /// <summary>The problems of <paramref name="environment"/>'s settings block (empty when valid).</summary>
    IEnumerable<CatalogProblem> Validate(string name, EnvironmentSpec environment);

    /// <summary>
    /// The host networks the environment's services share, with the port offset each adds: two services there must not use
    /// the same port. Keyed so environments sharing a machine are checked together; empty when services do not share one.
    /// </summary>
    IEnumerable<(string Host, int PortOffset)> SharedHostNetworks(EnvironmentSpec environment);

    /// <summary>
    /// The targets the environment's <c>waves</c> split, in catalog order (docker hosts, static-pod nodes); empty for a mode
    /// that rolls out by itself, where waves are refused.
    /// </summary>
    IReadOnlyList<string> WaveTargets(EnvironmentSpec environment) => [];
}
