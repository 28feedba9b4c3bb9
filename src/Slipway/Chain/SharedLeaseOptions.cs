namespace Slipway.Chain;

/// <summary>Timing of a shared deploy lock: how long a lease lasts, how often it is renewed, how waiters poll.</summary>
public sealed record SharedLeaseOptions
{
    /// <summary>How long a lease lasts without renewal: a crashed holder blocks others at most this long.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the holder renews its lease; null: a third of <see cref="Duration"/>. Infinite: never (tests).</summary>
    public TimeSpan? RenewEvery { get; init; }

    /// <summary>First wait between two looks at a held lock; it grows to <see cref="PollMax"/>.</summary>
    public TimeSpan PollInitial { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between two looks at a held lock.</summary>
    public TimeSpan PollMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Who takes the lock; null: this process (<see cref="LeaseIdentity.Current"/>).</summary>
    public LeaseIdentity? Identity { get; init; }

    /// <summary>The effective renewal period.</summary>
    public TimeSpan RenewalPeriod => RenewEvery ?? Duration / 3;
}
