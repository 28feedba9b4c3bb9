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

    /// <summary>True when a retry may help (5xx, 429, connection failures).</summary>
    public bool IsTransient => StatusCode is null || (int)StatusCode >= 500 || StatusCode == HttpStatusCode.TooManyRequests;

    public RegistryException(string operation, string reference, HttpStatusCode? status, IReadOnlyList<RegistryError> errors,
        string message, Exception? inner = null) : base(message, inner)
    {
        Operation = operation;
        Reference = reference;
        StatusCode = status;
        Errors = errors;
    }

    /// <summary>Builds the exception for an unexpected HTTP response (reads and parses the body).</summary>
    internal static async Task<RegistryException> FromResponseAsync(string operation, string reference, HttpResponseMessage response, CancellationToken ct,
        string catalogEntry = "the catalog's registry entry", bool hasCredentials = true)
    {
        string body = "";
        try { body = await response.Content.ReadAsStringAsync(ct); } catch (Exception) { /* body is best effort */ }
        var errors = ParseErrors(body);
        var status = response.StatusCode;
        var detail = errors.Count > 0
            ? string.Join("; ", errors.Select(e => string.IsNullOrEmpty(e.Message) ? e.Code : $"{e.Code} ({e.Message})"))
            : status.ToString();
        var hint = status switch
        {
            HttpStatusCode.Unauthorized when hasCredentials =>
                $": the registry did not accept the credentials from {catalogEntry}.credentials. " +
                "Fix: correct the user name or the password/token they point at, or renew an expired token",
            HttpStatusCode.Unauthorized =>
                $": the registry wants credentials and {catalogEntry} has none. " +
                "Fix: add a credentials block there (username or usernameEnv, and passwordEnv or passwordFile)",
            HttpStatusCode.Forbidden =>
                $": the credentials from {catalogEntry} lack permission for this repository. " +
                "Fix: grant that user pull and push on the repository, or use credentials that have it",
            _ => "",
        };
        return new RegistryException(operation, reference, status, errors,
            $"{operation} {reference} failed: {(int)status} {detail}{hint}");
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
