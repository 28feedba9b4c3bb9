using System.Diagnostics;

namespace Slipway.Diagnostics;

/// <summary>
/// Named step boundaries of a deploy where the crash-safety tests kill the build host: with
/// <c>SLIPWAY_TEST_CRASH_AT=&lt;point&gt;</c> set, reaching that point kills this process at once (SIGKILL, as
/// <c>kill -9</c> does: no finally block, no flush), so a test can stop a real run between any two steps and rerun it.
/// Unset (always, outside those tests), a point does nothing.
/// </summary>
public static class CrashPoints
{
    public const string Variable = "SLIPWAY_TEST_CRASH_AT";

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable);

    public static void Reach(string point)
    {
        if (Armed == point) Process.GetCurrentProcess().Kill();
    }
}
