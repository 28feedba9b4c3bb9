namespace Slipway.Engine;

/// <summary>The process exit codes returned by <see cref="BuildRunner.Run{T}"/>.</summary>
public static class ExitCodes
{
    /// <summary>Every executed target succeeded (or help, plan or list was printed).</summary>
    public const int Success = 0;

    /// <summary>A target (or a build hook) failed.</summary>
    public const int BuildFailed = 1;

    /// <summary>The invocation was rejected before anything ran: unknown target or parameter, bad value, cycle, unmet requirement.</summary>
    public const int InvalidInvocation = 2;
}
