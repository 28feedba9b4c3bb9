namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Cluster time, advanced only by the controller's ticks (<see cref="Speed"/> cluster seconds per wall-clock second when
/// ticks are on time). A stalled test process stalls cluster time too, so a loaded CI machine cannot make a progress
/// deadline expire that a real controller would have met.
/// </summary>
public sealed class FakeClock(double speed, TimeSpan tick)
{
    private readonly DateTime _start = DateTime.UtcNow;
    private long _ticks;

    public double Speed { get; } = speed;
    /// <summary>Cluster seconds one tick advances.</summary>
    public double Step => tick.TotalSeconds * Speed;

    /// <summary>Cluster seconds since the server started.</summary>
    public double Seconds => Interlocked.Read(ref _ticks) * Step;

    /// <summary>A timestamp in cluster time (for conditions).</summary>
    public DateTime Now => _start.AddSeconds(Seconds);

    public void Advance() => Interlocked.Increment(ref _ticks);
}
