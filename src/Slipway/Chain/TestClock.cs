using System.Globalization;
using Slipway.Diagnostics;

namespace Slipway.Chain;

/// <summary>
/// The gates' clock for a run: the system clock, or the fixed instant in <c>SLIPWAY_TEST_NOW</c> (ISO 8601), so end-to-end tests
/// of windows and soak time never wait on the wall clock.
/// </summary>
public static class TestClock
{
    public const string Variable = "SLIPWAY_TEST_NOW";

    public static TimeProvider FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(text)) return TimeProvider.System;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now))
            throw SlipwayException.Input(Variable, $"'{text}' is not a time", "give an ISO 8601 time, e.g. 2026-12-04T09:30:00Z, or unset it");
        return new Fixed(now);
    }

    private sealed class Fixed(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
