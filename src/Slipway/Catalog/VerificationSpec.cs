namespace Slipway.Catalog;

/// <summary>
/// Checks run against every instance after each deploy, promotion and rollback: each interval for the duration. More failed
/// checks than <see cref="FailureLimit"/> roll the deploy back and fail the run. An environment's default; a service's
/// per-environment block replaces it whole.
/// </summary>
public sealed record VerificationSpec
{
    public int IntervalSeconds { get; init; } = 5;
    public int DurationSeconds { get; init; } = 60;
    /// <summary>Failed checks tolerated over the whole duration (0: the first failure rolls back).</summary>
    public int FailureLimit { get; init; }
    public List<HttpCheckSpec> Http { get; init; } = new();
    public List<MetricCheckSpec> Metrics { get; init; } = new();

    /// <summary>Rounds of checks: one right after the deploy and one after each interval until the duration has passed.</summary>
    public int Rounds => DurationSeconds / Math.Max(1, IntervalSeconds) + 1;
}

/// <summary>A GET of <see cref="Path"/> on each instance and what its answer must show.</summary>
public sealed record HttpCheckSpec
{
    public string Path { get; init; } = "/";
    /// <summary>Expected status code (default 200).</summary>
    public int Status { get; init; } = 200;
    public string? BodyContains { get; init; }
    /// <summary>A value in the JSON body, in the subset <see cref="JsonPathQuery"/> reads ($.a.b[0]); compared with <see cref="EqualsValue"/>.</summary>
    public string? JsonPath { get; init; }
    /// <summary>The JSON value (string, number or boolean) <see cref="JsonPath"/> must have; null: it must only exist.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("equals")] public System.Text.Json.JsonElement? EqualsValue { get; init; }
    public int? MaxLatencyMs { get; init; }
}

/// <summary>A Prometheus text-format sample on each instance that must stay within bounds (summed over its label sets).</summary>
public sealed record MetricCheckSpec
{
    public string Path { get; init; } = "/metrics";
    public string Name { get; init; } = "";
    public double? Max { get; init; }
    public double? Min { get; init; }
}
