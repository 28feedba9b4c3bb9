namespace Slipway.Trigger;

/// <summary>How big a run request may be. A real one is well under 1 KiB.</summary>
public static class RunRequestLimits
{
    /// <summary>The largest request body the API reads; a larger one gets 413.</summary>
    public const int BodyBytes = 64 * 1024;
    /// <summary>Catalog names are DNS labels: 63 characters at most.</summary>
    public const int Service = 63;
    public const int Env = 63;
    public const int Target = 64;
    /// <summary>A ref name longer than a file name cannot be checked out on most file systems.</summary>
    public const int Branch = 255;
    /// <summary>A SHA-256 commit id.</summary>
    public const int Commit = 64;
    /// <summary>sha256: and 64 hex digits.</summary>
    public const int Digest = 71;
    /// <summary>A sentence or two for the ledger.</summary>
    public const int Reason = 500;
}
