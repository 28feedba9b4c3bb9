using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Bench;

/// <summary>One measured run of one scenario.</summary>
public sealed record Sample(int Run, double Seconds, long BytesUp, long BytesDown, Dictionary<string, long>? Extra = null)
{
    public long BytesTotal => BytesUp + BytesDown;
}

/// <summary>All runs of one scenario, with medians.</summary>
public sealed class Scenario(string name, string description)
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public List<Sample> Samples { get; } = [];
    public double MedianSeconds => Median(Samples.Select(s => s.Seconds));
    public double MedianBytesUp => Median(Samples.Select(s => (double)s.BytesUp));
    public double MedianBytesDown => Median(Samples.Select(s => (double)s.BytesDown));
    public double MedianBytesTotal => Median(Samples.Select(s => (double)s.BytesTotal));

    public double MedianExtra(string key) => Median(Samples.Where(s => s.Extra?.ContainsKey(key) == true).Select(s => (double)s.Extra![key]));

    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}

/// <summary>The results of one benchmark: scenarios, facts (image size etc.) and the machine; written as JSON.</summary>
public sealed class BenchmarkResult(string name)
{
    public string Benchmark { get; } = name;
    public DateTimeOffset StartedUtc { get; } = DateTimeOffset.UtcNow;
    public Dictionary<string, string> Machine { get; set; } = [];
    public Dictionary<string, object> Facts { get; } = [];
    public List<Scenario> Scenarios { get; } = [];

    /// <summary>
    /// Set by the program: writes the results so far. Long benchmarks (the fleets) call <see cref="Checkpoint"/> after
    /// every measured run, so a session cut short keeps the runs it completed (each scenario's samples say how many).
    /// </summary>
    public static Action<BenchmarkResult>? Checkpointer { get; set; }

    /// <summary>Writes the results so far through <see cref="Checkpointer"/>, if set.</summary>
    public void Checkpoint() => Checkpointer?.Invoke(this);

    public Scenario Add(string scenario, string description)
    {
        var s = new Scenario(scenario, description);
        Scenarios.Add(s);
        return s;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Benchmark}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        return path;
    }

    /// <summary>A markdown table of the medians (for the fleets: wall time range and the peak RSS instead of bytes).</summary>
    public string Table()
    {
        if (Scenarios.All(s => s.Samples.Count > 0 && s.Samples.All(x => x.Extra?.ContainsKey("peakRssBytes") == true)))
            return string.Join('\n', new[]
            {
                "| scenario | runs | median wall time (s) | min–max (s) | median peak RSS |",
                "|---|---:|---:|---:|---:|",
            }.Concat(Scenarios.Select(s =>
                $"| {s.Name} | {s.Samples.Count} | {s.MedianSeconds:F2} | {s.Samples.Min(x => x.Seconds):F2}–{s.Samples.Max(x => x.Seconds):F2} | {Bytes(s.MedianExtra("peakRssBytes"))} |")));
        var lines = new List<string>
        {
            $"| scenario | runs | median wall time (s) | median bytes up | median bytes down | median bytes total |",
            "|---|---:|---:|---:|---:|---:|",
        };
        foreach (var s in Scenarios)
            lines.Add($"| {s.Name} | {s.Samples.Count} | {s.MedianSeconds:F2} | {Bytes(s.MedianBytesUp)} | {Bytes(s.MedianBytesDown)} | {Bytes(s.MedianBytesTotal)} |");
        return string.Join('\n', lines);
    }

    public static string Bytes(double b) => double.IsNaN(b) ? "-" : b switch
    {
        >= 1 << 20 => $"{b / (1 << 20):F2} MiB",
        >= 1 << 10 => $"{b / (1 << 10):F1} KiB",
        _ => $"{b:F0} B",
    };
}

/// <summary>Times an action.</summary>
public static class Timing
{
    public static async Task<double> SecondsAsync(Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalSeconds;
    }
}
