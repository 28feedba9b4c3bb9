using System.Diagnostics;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>Cluster time that runs <see cref="Speed"/> times faster than the wall clock, so deadlines of seconds pass in milliseconds.</summary>
public sealed class FakeClock(double speed)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly DateTime _start = DateTime.UtcNow;

    public double Speed { get; } = speed;

    /// <summary>Cluster seconds since the server started.</summary>
    public double Seconds => _watch.Elapsed.TotalSeconds * Speed;

    /// <summary>A timestamp in cluster time (for conditions).</summary>
    public DateTime Now => _start.AddSeconds(Seconds);
}
