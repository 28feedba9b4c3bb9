using k8s.Models;
using Slipway.Diagnostics;

namespace Slipway.Deploy.StaticPod;

/// <summary>
/// Requests and limits derived from the JVM heap: memory = Xmx plus non-heap headroom (metaspace, threads, code
/// cache, buffers) of max(128Mi, Xmx/2), requested and limited alike so the kubelet never overcommits a JVM;
/// cpu requests 100m and has no limit (a CPU limit throttles JIT and startup).
/// </summary>
public static class PodResources
{
    /// <summary>The resources for a heap of <paramref name="xmx"/> (e.g. "192m"); cpu only when no heap is set.</summary>
    public static V1ResourceRequirements For(string? xmx)
    {
        var requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") };
        var limits = new Dictionary<string, ResourceQuantity>();
        if (!string.IsNullOrEmpty(xmx))
        {
            var heap = MebiBytes(xmx);
            var memory = new ResourceQuantity($"{heap + Math.Max(128, heap / 2)}Mi");
            requests["memory"] = memory;
            limits["memory"] = memory;
        }
        return new V1ResourceRequirements { Requests = requests, Limits = limits.Count == 0 ? null : limits };
    }

    /// <summary>A JVM size ("512m", "1g", "262144k", "1048576") in MiB, rounded up.</summary>
    public static long MebiBytes(string size)
    {
        var text = size.Trim();
        var unit = char.ToLowerInvariant(text[^1]);
        var digits = char.IsDigit(unit) ? text : text[..^1];
        if (!long.TryParse(digits, out var value) || value <= 0)
            throw SlipwayException.Input($"heap size '{size}'", "not a JVM size", "use e.g. 256m or 1g (as for -Xmx)");
        return unit switch
        {
            'g' => value * 1024,
            'm' => value,
            'k' => (value + 1023) / 1024,
            _ when char.IsDigit(unit) => (value + 1024 * 1024 - 1) / (1024 * 1024),
            _ => throw SlipwayException.Input($"heap size '{size}'", $"unknown unit '{unit}'", "use k, m or g (as for -Xmx)"),
        };
    }
}
