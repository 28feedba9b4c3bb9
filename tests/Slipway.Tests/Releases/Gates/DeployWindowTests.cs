using Slipway.Catalog;
using Slipway.Releases.Gates;

namespace Slipway.Tests.Releases.Gates;

/// <summary>Deploy windows as a table: cron and RRULE rules in several time zones, across DST changes; deny wins; the next opening.</summary>
public sealed class DeployWindowTests
{
    private static WindowRuleSpec Cron(string cron, int minutes, string zone) => new() { Cron = cron, DurationMinutes = minutes, TimeZone = zone };
    private static WindowRuleSpec Rrule(string rrule, string start, int minutes, string zone) =>
        new() { Rrule = rrule, Start = start, DurationMinutes = minutes, TimeZone = zone };

    private static readonly WindowRuleSpec BerlinWorkdays = Cron("0 9 * * 1-5", 8 * 60, "Europe/Berlin");
    private static readonly WindowRuleSpec NewYorkNightly = Cron("30 2 * * *", 60, "America/New_York");
    private static readonly WindowRuleSpec ShanghaiWeekends = Rrule("FREQ=WEEKLY;BYDAY=SA,SU", "2026-01-03T00:00", 24 * 60, "Asia/Shanghai");
    private static readonly WindowRuleSpec ChristmasDeny = Rrule("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "2020-12-24T00:00", 2 * 24 * 60, "Europe/Berlin");

    public static TheoryData<string, WindowRuleSpec, string, bool> Instants => new()
    {
        // Berlin workdays 09:00-17:00 local: CET (UTC+1) before 29 March 2026, CEST (UTC+2) after.
        { "Friday 09:30 CET", BerlinWorkdays, "2026-03-27T08:30:00Z", true },
        { "Friday 08:30 CET", BerlinWorkdays, "2026-03-27T07:30:00Z", false },
        { "Saturday noon", BerlinWorkdays, "2026-03-28T11:00:00Z", false },
        { "Monday 09:00 CEST, the first workday after the change", BerlinWorkdays, "2026-03-30T07:00:00Z", true },
        { "Monday 08:30 CEST (07:30 CET would have been open)", BerlinWorkdays, "2026-03-30T06:30:00Z", false },
        { "Monday 16:59 CEST", BerlinWorkdays, "2026-03-30T14:59:00Z", true },
        { "Monday 17:00 CEST: closed at the end", BerlinWorkdays, "2026-03-30T15:00:00Z", false },
        { "Monday 09:30 CET after the autumn change", BerlinWorkdays, "2026-10-26T08:30:00Z", true },
        // New York 02:30 on the spring-forward day does not exist: Cronos runs it at 03:00 EDT (07:00Z).
        { "New York nightly, a normal night (EST)", NewYorkNightly, "2026-03-07T07:45:00Z", true },
        { "New York nightly, the skipped 02:30 runs at 03:00 EDT", NewYorkNightly, "2026-03-08T07:15:00Z", true },
        { "New York nightly, summer (EDT)", NewYorkNightly, "2026-07-01T06:45:00Z", true },
        { "New York nightly, summer, the EST time", NewYorkNightly, "2026-07-01T07:45:00Z", false },
        // Shanghai weekends (UTC+8, no DST), as an RRULE.
        { "Shanghai Saturday 00:00", ShanghaiWeekends, "2026-12-04T16:00:00Z", true },
        { "Shanghai Friday 23:59", ShanghaiWeekends, "2026-12-04T15:59:00Z", false },
        { "Shanghai Sunday 23:59", ShanghaiWeekends, "2026-12-06T15:59:00Z", true },
        { "Shanghai Monday 00:00", ShanghaiWeekends, "2026-12-06T16:00:00Z", false },
        { "Christmas Eve in Berlin (yearly RRULE)", ChristmasDeny, "2026-12-24T10:00:00Z", true },
        { "Christmas Day in Berlin", ChristmasDeny, "2026-12-25T22:59:00Z", true },
        { "after Christmas in Berlin", ChristmasDeny, "2026-12-25T23:00:00Z", false },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void A_rule_is_open_exactly_for_its_duration_after_each_occurrence_in_its_time_zone(string when, WindowRuleSpec spec, string at, bool open) =>
        Assert.True(WindowRule.Parse(spec, "UTC").IsOpenAt(DateTimeOffset.Parse(at)) == open, $"{when}: expected {(open ? "open" : "closed")}");

    [Fact]
    public void Deny_wins_over_allow_and_the_refusal_says_which_rule_and_when_it_opens_again()
    {
        var windows = DeployWindows.From(new DeployWindowsSpec { Allow = [BerlinWorkdays], Deny = [ChristmasDeny] }, "UTC");
        var (open, reason, opensAt) = windows.Evaluate(DateTimeOffset.Parse("2026-12-24T10:00:00Z")); // Thursday 11:00 CET
        Assert.False(open);
        Assert.Contains("deny window rrule 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24'", reason);
        Assert.Contains("open until 2026-12-25 23:00 UTC", reason);
        Assert.Equal(DateTimeOffset.Parse("2026-12-28T08:00:00Z"), opensAt); // Monday 09:00 CET: Saturday and Sunday are not workdays
    }

    [Fact]
    public void Outside_every_allow_window_the_next_opening_follows_the_zone_across_a_DST_change()
    {
        var windows = DeployWindows.From(new DeployWindowsSpec { Allow = [BerlinWorkdays] }, "UTC");
        var (open, reason, opensAt) = windows.Evaluate(DateTimeOffset.Parse("2026-03-27T17:00:00Z")); // Friday 18:00 CET
        Assert.False(open);
        Assert.Contains("no allow window is open", reason);
        Assert.Equal(DateTimeOffset.Parse("2026-03-30T07:00:00Z"), opensAt); // Monday 09:00 CEST
    }

    [Fact]
    public void No_rule_means_always_open()
    {
        var (open, reason, _) = DeployWindows.From(new DeployWindowsSpec(), "UTC").Evaluate(DateTimeOffset.Parse("2026-12-25T03:00:00Z"));
        Assert.True(open, reason);
    }

    [Theory]
    [InlineData("61 9 * * *", null, 60, null, "does not parse")]
    [InlineData(null, "FREQ=SOMETIMES", 60, null, "does not parse")]
    [InlineData("0 9 * * *", null, 0, null, "durationMinutes is 0")]
    [InlineData("0 9 * * *", null, 60, "Mars/Olympus", "unknown time zone 'Mars/Olympus'")]
    [InlineData(null, null, 60, null, "exactly one of cron or rrule")]
    public void A_malformed_rule_is_refused_naming_the_problem(string? cron, string? rrule, int minutes, string? zone, string expected)
    {
        var error = Assert.Throws<FormatException>(() =>
            WindowRule.Parse(new WindowRuleSpec { Cron = cron, Rrule = rrule, DurationMinutes = minutes, TimeZone = zone }, "UTC"));
        Assert.Contains(expected, error.Message);
    }
}
