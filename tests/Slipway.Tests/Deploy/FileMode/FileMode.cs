using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Registry;

namespace Slipway.Tests.Deploy.FileMode;

/// <summary>Settings of mode "file": the folder the desired state is written to.</summary>
public sealed record FileModeSpec(string Directory);

/// <summary>
/// A deploy mode that exists only to prove the seam: it "runs" a service by writing its digest to
/// &lt;directory&gt;/&lt;service&gt;.json and reads that file back as the live state. Everything it needs is in this folder;
/// it is registered by adding it to the list of modes the catalog is loaded with.
/// </summary>
public sealed class FileMode : IDeployMode
{
    public string Name => "file";
    public string SettingsKey => "file";

    public JsonNode SettingsSchema => JsonNode.Parse("""
        { "type": "object", "additionalProperties": false, "required": ["directory"],
          "properties": { "directory": { "type": "string", "minLength": 1 } } }
        """)!;

    public object? SettingsOf(EnvironmentSpec environment) =>
        environment.OtherModeSettings?.TryGetValue(SettingsKey, out var block) == true
            ? block.Deserialize<FileModeSpec>(new JsonSerializerOptions(JsonSerializerDefaults.Web))
            : null;

    public IEnumerable<CatalogProblem> Validate(string name, EnvironmentSpec environment)
    {
        if (SettingsOf(environment) is null)
            yield return new CatalogProblem(CatalogPath.Of("environments", name, SettingsKey), "mode 'file' requires a 'file' block",
                "add \"file\": { \"directory\": ... }");
    }

    // Every environment of this mode shares one "host": its services must not share a port.
    public IEnumerable<(string Host, int PortOffset)> SharedHostNetworks(EnvironmentSpec environment) => [("file-host", 0)];

    public Task PreflightAsync(ChainContext ctx, CancellationToken ct)
    {
        if (!Directory.Exists(Settings(ctx).Directory))
            throw Slipway.Diagnostics.SlipwayException.Input($"environments.{ctx.Environment}.file.directory", "does not exist", "create it");
        return Task.CompletedTask;
    }

    public Task DescribeAsync(ChainContext ctx, DeployInput input, CancellationToken ct)
    {
        ctx.Log.Info($"[{input.Service}] would write {input.Digest} to {PathOf(Settings(ctx), input.Service)}");
        return Task.CompletedTask;
    }

    public Task DeployAsync(ChainContext ctx, DeployInput input, CancellationToken ct) =>
        File.WriteAllTextAsync(PathOf(Settings(ctx), input.Service), JsonSerializer.Serialize(new { Digest = input.Digest?.Value, input.Tag }), ct);

    public ILiveReader OpenLiveReader(LiveReadSession session) => new Reader(this, session.Context.Catalog);

    public void DescribeStrayRemoval(ChainContext ctx, Stray stray) => ctx.Log.Info($"  would delete {stray.ObjectName}");

    public Task RemoveStrayAsync(ChainContext ctx, Stray stray, CancellationToken ct)
    {
        File.Delete(stray.ObjectName);
        return Task.CompletedTask;
    }

    private FileModeSpec Settings(ChainContext ctx) => (FileModeSpec)SettingsOf(ctx.Target.Spec)!;

    private static string PathOf(FileModeSpec spec, string service) => Path.Combine(spec.Directory, service + ".json");

    private sealed class Reader(FileMode mode, Slipway.Catalog.Catalog catalog) : ILiveReader
    {
        public Task<StrayListing> ListStraysAsync(TargetEnvironment environment, IReadOnlyCollection<string> enabledServices, CancellationToken ct)
        {
            var directory = ((FileModeSpec)mode.SettingsOf(environment.Spec)!).Directory;
            var strays = Directory.EnumerateFiles(directory, "*.json")
                .Where(path => !enabledServices.Contains(Path.GetFileNameWithoutExtension(path)))
                .Select(path => new Stray
                {
                    Environment = environment.Name, Service = Path.GetFileNameWithoutExtension(path), Where = $"folder {directory}",
                    What = $"file {Path.GetFileName(path)}", TargetName = directory, ObjectName = path,
                    Reason = Stray.ReasonFor(catalog, Path.GetFileNameWithoutExtension(path), environment.Name),
                    RemoveCommand = Stray.PruneCommand(environment.Name),
                });
            return Task.FromResult(new StrayListing(strays.ToList(), []));
        }

        public async Task<IReadOnlyList<TargetReading>> ReadAsync(TargetEnvironment environment, string service, CancellationToken ct)
        {
            var path = PathOf((FileModeSpec)mode.SettingsOf(environment.Spec)!, service);
            if (!File.Exists(path)) return [new TargetReading($"file {path}", TargetState.Missing)];
            var state = JsonNode.Parse(await File.ReadAllTextAsync(path, ct))!;
            return [new TargetReading($"file {path}", TargetState.Runs, Digest.Parse((string?)state["Digest"], path), (string?)state["Tag"])];
        }
    }
}
