using Slipway.Diagnostics;

namespace Slipway.Versioning;

/// <summary>GitVersion ran but gave no version; <see cref="Reason"/> is its own one-line explanation.</summary>
public sealed class GitVersionException(string reason, string message, Exception? inner = null) : SlipwayException(message, inner)
{
    /// <summary>Why GitVersion gave no version, in one line (e.g. "No base versions determined on the current branch.").</summary>
    public string Reason { get; } = reason;
}
