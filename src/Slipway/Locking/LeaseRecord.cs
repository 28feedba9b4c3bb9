using System.Text.Json;
using System.Text.Json.Serialization;
using Slipway.Chain;

namespace Slipway.Locking;

/// <summary>
/// What a shared deploy lock says about its holder: the JSON message of the lock commit on the remote.
/// </summary>
/// <param name="Holder">$SLIPWAY_ACTOR, else user@host.</param>
/// <param name="RunId">The run that holds it (see <see cref="LeaseIdentity.Current"/>).</param>
/// <param name="ProcessId">The holder's process id on its machine.</param>
/// <param name="Service">The service being deployed.</param>
/// <param name="Environment">The environment being deployed to.</param>
/// <param name="What">What the holder does, e.g. "deploy of main-20261125-081500".</param>
/// <param name="StartedAt">When the holder took the lock (UTC; kept across renewals).</param>
/// <param name="ExpiresAt">When the lease ends unless renewed (UTC); after it, another run may take the lock over.</param>
/// <param name="Machine">The holder's machine (null in leases written before it was recorded).</param>
public sealed record LeaseRecord(
    string Holder, string RunId, int ProcessId, string Service, string Environment, string What,
    DateTimeOffset StartedAt, DateTimeOffset ExpiresAt, string? Machine = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>True when the lease ended before <paramref name="now"/>: the holder stopped renewing it.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>One line for logs and errors: who, what, since when, which run, until when.</summary>
    public string Describe() =>
        $"{Holder} ({What}, {LeaseIdentity.DescribeProcess(ProcessId, Machine)}) since {StartedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC (run {RunId}), " +
        $"expires {ExpiresAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC";

    /// <summary>The JSON stored as the lock commit's message.</summary>
    public string ToJson() => JsonSerializer.Serialize(this with
    {
        StartedAt = StartedAt.ToUniversalTime(), ExpiresAt = ExpiresAt.ToUniversalTime(),
    }, Json);

    /// <summary>Parses a lock commit's message; null when it is not a lease record (e.g. a hand-made ref).</summary>
    public static LeaseRecord? FromJson(string text)
    {
        try
        {
            var record = JsonSerializer.Deserialize<LeaseRecord>(text.Trim(), Json);
            return record is { Holder.Length: > 0 } ? record : null;
        }
        catch (JsonException) { return null; }
    }
}
