namespace Slipway.TestSupport;

/// <summary>A clock whose timestamp only moves when a test sets <see cref="Ticks"/> (one tick per <see cref="TimeSpan"/> tick).</summary>
public sealed class ManualClock : TimeProvider
{
    public long Ticks;
    public override long GetTimestamp() => Ticks;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
}
