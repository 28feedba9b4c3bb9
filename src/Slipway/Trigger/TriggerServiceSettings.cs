namespace Slipway.Trigger;

/// <summary>What <c>./build.sh Serve</c> sets up: where the API listens, who may call it, which targets it runs and how.</summary>
public sealed record TriggerServiceSettings
{
    /// <summary>The address to bind, as given on the command line (an IP address).</summary>
    public required string Bind { get; init; }
    public required int Port { get; init; }
    /// <summary>The single token (acting as <see cref="BearerTokens.SingleTokenActor"/>), or null.</summary>
    public string? Token { get; init; }
    /// <summary>The per-actor tokens file (see <see cref="TriggerTokensFile"/>), or null.</summary>
    public string? TokensFile { get; init; }
    /// <summary>The catalog every request is checked against, read again for each request.</summary>
    public required string CatalogPath { get; init; }
    /// <summary>The targets a request may name.</summary>
    public required IReadOnlyList<string> Targets { get; init; }
    /// <summary>The state folder (<c>.slipway</c>); the run history goes to its <c>trigger/</c> folder.</summary>
    public required string StateDirectory { get; init; }
    /// <summary>How each run starts its child build host.</summary>
    public required BuildHostCommand ChildBuild { get; init; }
}
