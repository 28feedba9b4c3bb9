namespace Slipway.Diagnostics;

/// <summary>
/// A failure the user can act on. The message names the input, the problem and the fix;
/// the build host prints it without a stack trace and exits non-zero.
/// </summary>
public class SlipwayException : Exception
{
    public SlipwayException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>Builds the standard three-part message: what input, what is wrong, how to fix it.</summary>
    public static SlipwayException Input(string input, string problem, string fix) =>
        new($"{input}: {problem}. Fix: {fix}");
}
