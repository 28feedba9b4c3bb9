using System.Globalization;
using Cronos;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace Slipway.Catalog;

/// <summary>
/// One deploy-window rule: each occurrence of its cron (Cronos) or RRULE (Ical.Net) expression, read in its time zone,
/// opens the window for its duration. Occurrences are computed in UTC, so DST changes move local times as the zone says.
/// </summary>
public sealed class WindowRule
{
    private readonly Func<DateTimeOffset, DateTimeOffset, IEnumerable<DateTimeOffset>> _startsBetween;

    private WindowRule(string name, TimeSpan duration, Func<DateTimeOffset, DateTimeOffset, IEnumerable<DateTimeOffset>> startsBetween)
    {
        Name = name;
        Duration = duration;
        _startsBetween = startsBetween;
    }

    public string Name { get; }
    public TimeSpan Duration { get; }

    /// <summary>The rule of <paramref name="spec"/>; throws <see cref="FormatException"/> naming what is wrong with it.</summary>
    public static WindowRule Parse(WindowRuleSpec spec, string defaultTimeZone)
    {
        if ((spec.Cron is null) == (spec.Rrule is null))
            throw new FormatException("give exactly one of cron or rrule");
        if (spec.DurationMinutes < 1)
            throw new FormatException($"durationMinutes is {spec.DurationMinutes}; give at least 1");
        var zoneId = spec.TimeZone ?? defaultTimeZone;
        TimeZoneInfo zone;
        try { zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        { throw new FormatException($"unknown time zone '{zoneId}'; use an IANA id such as \"Europe/Berlin\""); }
        var duration = TimeSpan.FromMinutes(spec.DurationMinutes);
        return spec.Cron is { } cron
            ? new WindowRule(spec.Name ?? $"cron '{cron}' ({zoneId}, {spec.DurationMinutes} min)", duration, CronStarts(cron, zone))
            : new WindowRule(spec.Name ?? $"rrule '{spec.Rrule}' ({zoneId}, {spec.DurationMinutes} min)", duration, RruleStarts(spec.Rrule!, spec.Start, zone.Id));
    }

    /// <summary>True when an occurrence started at or before <paramref name="at"/> and has not ended yet.</summary>
    public bool IsOpenAt(DateTimeOffset at) => OpenOccurrence(at) is not null;

    /// <summary>When the occurrence open at <paramref name="at"/> ends (the latest one, when several overlap); null when closed.</summary>
    public DateTimeOffset? ClosesAfter(DateTimeOffset at) => OpenOccurrence(at) is { } start ? start + Duration : null;

    /// <summary>Occurrence starts in (<paramref name="after"/>, <paramref name="until"/>], ascending.</summary>
    public IEnumerable<DateTimeOffset> StartsBetween(DateTimeOffset after, DateTimeOffset until) => _startsBetween(after, until);

    private DateTimeOffset? OpenOccurrence(DateTimeOffset at)
    {
        DateTimeOffset? latest = null;
        foreach (var start in StartsBetween(at - Duration, at)) latest = start;
        return latest;
    }

    private static Func<DateTimeOffset, DateTimeOffset, IEnumerable<DateTimeOffset>> CronStarts(string expression, TimeZoneInfo zone)
    {
        CronExpression cron;
        try { cron = CronExpression.Parse(expression, CronFormat.Standard); }
        catch (CronFormatException e) { throw new FormatException($"cron '{expression}' does not parse: {e.Message}"); }
        return (after, until) => after >= until ? [] : cron.GetOccurrences(after, until, zone, fromInclusive: false, toInclusive: true);
    }

    private static Func<DateTimeOffset, DateTimeOffset, IEnumerable<DateTimeOffset>> RruleStarts(string rrule, string? start, string zoneId)
    {
        var first = DateTime.ParseExact(start ?? "2000-01-01T00:00", "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        RecurrencePattern pattern;
        try { pattern = new RecurrencePattern(rrule); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        { throw new FormatException($"rrule '{rrule}' does not parse: {e.Message}"); }
        var series = new CalendarEvent { DtStart = new CalDateTime(first, zoneId), Duration = Ical.Net.DataTypes.Duration.FromMinutes(1) };
        series.RecurrenceRules.Add(pattern);
        return (after, until) => after >= until ? [] : series.GetOccurrences(new CalDateTime(after.UtcDateTime, "UTC"), null)
            .Select(o => new DateTimeOffset(o.Period.StartTime.AsUtc, TimeSpan.Zero))
            .SkipWhile(s => s <= after)
            .TakeWhile(s => s <= until);
    }
}
