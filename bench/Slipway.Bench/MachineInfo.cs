namespace Slipway.Bench;

/// <summary>Describes the machine the figures were measured on.</summary>
public static class MachineInfo
{
    public static async Task<Dictionary<string, string>> DescribeAsync()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        string docker;
        try { docker = await Tools.OutputAsync(Tools.Docker, "version", "--format", "{{.Server.Version}}"); }
        catch { docker = "?"; }
        string storage;
        try { storage = await Tools.OutputAsync(Tools.Docker, "info", "--format", "{{.Driver}}"); }
        catch { storage = "?"; }
        string skopeo;
        try { skopeo = await Tools.OutputAsync("skopeo", "--version"); }
        catch { skopeo = "?"; }
        return new()
        {
            ["cpus"] = Environment.ProcessorCount.ToString(),
            ["cpu"] = cpu,
            ["memory"] = $"{long.Parse(memKb) / 1024 / 1024} GiB",
            ["os"] = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME"))?.Split('=', 2)[1].Trim('"') ?? "?",
            ["docker"] = docker,
            ["storageDriver"] = storage,
            ["skopeo"] = skopeo,
            ["dotnet"] = Environment.Version.ToString(),
            ["registries"] = "docker-registry (CNCF distribution) on 127.0.0.1, filesystem storage, reached through a counting TCP proxy",
        };
    }
}
