using Slipway.Diagnostics;

namespace Slipway.Tests.Diagnostics;

/// <summary>--verbosity: quiet shows warnings and errors, normal adds the steps, verbose adds the detail.</summary>
public sealed class ConsoleBuildLogTests
{
    [Theory]
    [InlineData(LogVerbosity.Quiet, "WARN: w")]
    [InlineData(LogVerbosity.Normal, "i|WARN: w")]
    [InlineData(LogVerbosity.Verbose, "i|WARN: w|  d")]
    public void Each_verbosity_prints_its_levels_and_errors_always_reach_stderr(LogVerbosity verbosity, string expected)
    {
        var output = new StringWriter { NewLine = "\n" };
        var errors = new StringWriter { NewLine = "\n" };
        IBuildLog log = new ConsoleBuildLog { Verbosity = verbosity, Out = output, ErrorOut = errors };
        log.Info("i");
        log.Warn("w");
        log.Detail("d");
        log.Error("e");
        Assert.Equal(expected, string.Join('|', output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("ERROR: e\n", errors.ToString());
    }
}
