using System.Net;
using System.Text.Json;
using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>One entry of a registry error body: <c>{"errors":[{"code":…,"message":…,"detail":…}]}</c>.</summary>
public sealed record RegistryError(string Code, string Message, string? Detail = null);

/// <summary>
/// A registry call failed. Carries the operation ("PUT manifest"), the reference ("host/repo:tag"),
/// the HTTP status (null when the registry could not be reached) and the registry's error entries.
/// Messages never contain credentials or tokens.
/// </summary>
public sealed class RegistryException : SlipwayException
{
    /// <summary>What was attempted, e.g. "PUT manifest".</summary>
    public string Operation { get; }
    /// <summary>What it was attempted on, e.g. "127.0.0.1:5055/ncerepo/x:tag".</summary>
    public string Reference { get; }
    /// <summary>HTTP status, or null for connection failures.</summary>
    public HttpStatusCode? StatusCode { get; }
    /// <summary>Parsed errors[] of the response body (may be empty).</summary>
    public IReadOnlyList<RegistryError> Errors { get; }

    /// <summary>
    /// The registry's storage is full (see <see cref="StorageFull.Evidence"/>): the registry's words, else null. Not transient:
    /// retrying cannot help until someone frees space.
    /// </summary>
    public string? NoStorageLeft { get; init; }

    /// <summary>True when a retry may help (5xx, 429, connection failures), except a full registry disk.</summary>
    public bool IsTransient => NoStorageLeft is null &&
        (StatusCode is null || (int)StatusCode >= 500 || StatusCode == HttpStatusCode.TooManyRequests);

    public RegistryException(string operation, string reference, HttpStatusCode? status, IReadOnlyList<RegistryError> errors,
        string message, Exception? inner = null) : base(message, inner)
    {
        Operation = operation;
        Reference = reference;
        StatusCode = status;
        Errors = errors;
    }

    /// <summary>The same failure with another message (e.g. wrapped with what the caller was doing).</summary>
    public RegistryException WithMessage(string message) =>
        new(Operation, Reference, StatusCode, Errors, message, this) { NoStorageLeft = NoStorageLeft };

    /// <summary>Builds the exception for an unexpected HTTP response (reads and parses the body) from <paramref name="registry"/>.</summary>
    internal static async Task<RegistryException> FromResponseAsync(string operation, string reference, HttpResponseMessage response,
        AnsweringRegistry registry, CancellationToken ct)
    {
        string body = "";
        try { body = await response.Content.ReadAsStringAsync(ct); } catch (Exception) { /* body is best effort */ }
        var errors = ParseErrors(body);
        var status = response.StatusCode;
        var detail = errors.Count > 0
            ? string.Join("; ", errors.Select(e => string.IsNullOrEmpty(e.Message) ? e.Code : $"{e.Code} ({e.Message})"))
            : status.ToString();
        var noStorageLeft = StorageFull.Evidence(errors);
        return new RegistryException(operation, reference, status, errors,
            $"{operation} {reference} failed: {(int)status} {detail}{RegistryFailureHint.For(response, registry, noStorageLeft)}")
        {
            NoStorageLeft = noStorageLeft,
        };
    }

    /// <summary>Parses a registry error body; returns an empty list for anything else.</summary>
    public static IReadOnlyList<RegistryError> ParseErrors(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return [];
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("errors", out var arr) || arr.ValueKind != JsonValueKind.Array) return [];
            return arr.EnumerateArray().Select(e => new RegistryError(
                e.TryGetProperty("code", out var c) ? c.ToString() : "",
                e.TryGetProperty("message", out var m) ? m.ToString() : "",
                e.TryGetProperty("detail", out var d) && d.ValueKind != JsonValueKind.Null ? d.GetRawText() : null)).ToList();
        }
        catch (JsonException) { return []; }
    }
}
