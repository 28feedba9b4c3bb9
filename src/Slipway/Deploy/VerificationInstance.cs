namespace Slipway.Deploy;

/// <summary>
/// One place verification checks reach after a deploy: a docker host, a static-pod node, a ready pod. Check paths are
/// appended to <see cref="BaseUrl"/>.
/// </summary>
/// <param name="Name">How messages name it, e.g. "host 'local'".</param>
/// <param name="BaseUrl">The service's root there, without a trailing slash.</param>
/// <param name="Handler">The HTTP handler to reach it (e.g. an API server's authenticated proxy); null: a plain one.</param>
public sealed record VerificationInstance(string Name, string BaseUrl, Func<HttpMessageHandler>? Handler = null);
