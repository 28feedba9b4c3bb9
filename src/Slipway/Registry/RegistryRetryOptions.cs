using System.Net;
using Polly;
using Polly.Retry;
using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>How a <see cref="RegistryClient"/> retries transient failures (5xx, 429, broken connections).</summary>
public sealed record RegistryRetryOptions
{
    /// <summary>Total attempts including the first (1 = no retry). Default 4.</summary>
    public int MaxAttempts { get; init; } = 4;
    /// <summary>Delay before the first retry; doubles each retry, with jitter. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Upper bound for a single delay. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No retries at all.</summary>
    public static RegistryRetryOptions None { get; } = new() { MaxAttempts = 1 };

    internal static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    internal static bool IsTransientException(Exception ex) => ex switch
    {
        // A refused certificate stays refused: no retry.
        _ when IsTlsRefusal(ex) => false,
        // A connection reset right after connect can surface as a bare SocketException from the connection pool.
        HttpRequestException or IOException or System.Net.Sockets.SocketException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        RegistryException r => r.IsTransient,
        _ => false,
    };

    /// <summary>True when <paramref name="ex"/> is a TLS handshake that failed (a certificate this side or the registry refused).</summary>
    internal static bool IsTlsRefusal(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is System.Security.Authentication.AuthenticationException) return true;
        return false;
    }

    /// <summary>The longest <c>Retry-After</c> of a 429/503 that is waited for; a longer one is cut to this. Default 1 min.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay a 429 or 503 asks for in its Retry-After header (seconds or a date), at most <see cref="MaxRetryAfter"/>; null when none.</summary>
    internal TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } header) return null;
        var delay = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is not { } d) return null;
        return d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxRetryAfter ? MaxRetryAfter : d;
    }

    /// <summary>Pipeline for single idempotent requests: retries on transient status or exception, not on a full registry disk.</summary>
    internal ResiliencePipeline<HttpResponseMessage> BuildRequestPipeline(IBuildLog? log, string registry)
    {
        if (MaxAttempts <= 1) return ResiliencePipeline<HttpResponseMessage>.Empty;
        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                Delay = BaseDelay,
                MaxDelay = MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = async args =>
                    args.Outcome.Exception is { } ex ? IsTransientException(ex)
                    : args.Outcome.Result is { } r && IsTransientStatus(r.StatusCode) && !await StorageFull.SaysAsync(r),
                // The registry's own Retry-After wins over the backoff: retrying earlier only earns another 429.
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    var why = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    log?.Detail($"registry {registry}: retry {args.AttemptNumber + 1}/{MaxAttempts - 1} in {args.RetryDelay.TotalMilliseconds:0} ms after {why}");
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Pipeline for whole operations (a blob upload from the start): retries transient exceptions.</summary>
    internal ResiliencePipeline BuildOperationPipeline(IBuildLog? log, string registry)
    {
        if (MaxAttempts <= 1) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxAttempts - 1,
                Delay = BaseDelay,
                MaxDelay = MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransientException(ex)),
                OnRetry = args =>
                {
                    log?.Detail($"registry {registry}: restarting upload ({args.AttemptNumber + 1}/{MaxAttempts - 1}) after {args.Outcome.Exception?.Message}");
                    return default;
                },
            })
            .Build();
    }
}
