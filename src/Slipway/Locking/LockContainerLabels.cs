using System.Globalization;

namespace Slipway.Locking;

/// <summary>
/// A lock container's labels: its <see cref="LeaseRecord"/>, one readable label per field
/// (<c>docker ps -a --filter label=slipway.io/lock-holder</c> lists every lock of an engine).
/// </summary>
public static class LockContainerLabels
{
    private const string Prefix = "slipway.io/lock-";
    public const string Holder = Prefix + "holder";
    private const string Machine = Prefix + "machine";
    private const string Process = Prefix + "process";
    private const string Run = Prefix + "run";
    private const string Service = Prefix + "service";
    private const string Environment = Prefix + "environment";
    private const string What = Prefix + "what";
    private const string Since = Prefix + "since";
    private const string Expires = Prefix + "expires";

    public static Dictionary<string, string> Of(LeaseRecord record)
    {
        var labels = new Dictionary<string, string>
        {
            [Holder] = record.Holder,
            [Process] = record.ProcessId.ToString(CultureInfo.InvariantCulture),
            [Run] = record.RunId,
            [Service] = record.Service,
            [Environment] = record.Environment,
            [What] = record.What,
            [Since] = record.StartedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            [Expires] = record.ExpiresAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        };
        if (record.Machine is not null) labels[Machine] = record.Machine;
        return labels;
    }

    /// <summary>The lease a lock container's labels carry; null when they are not a whole one (e.g. a container made by hand).</summary>
    public static LeaseRecord? Read(IDictionary<string, string>? labels)
    {
        if (labels is null || !labels.TryGetValue(Holder, out var holder) ||
            !TryTime(labels, Since, out var since) || !TryTime(labels, Expires, out var expires) ||
            !int.TryParse(Text(labels, Process), NumberStyles.None, CultureInfo.InvariantCulture, out var process))
            return null;
        return new LeaseRecord(holder, Text(labels, Run) ?? "?", process, Text(labels, Service) ?? "?", Text(labels, Environment) ?? "?",
            Text(labels, What) ?? "?", since, expires, Text(labels, Machine));
    }

    private static string? Text(IDictionary<string, string> labels, string key) => labels.TryGetValue(key, out var value) ? value : null;

    private static bool TryTime(IDictionary<string, string> labels, string key, out DateTimeOffset value)
    {
        value = default;
        return labels.TryGetValue(key, out var text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);
    }
}
