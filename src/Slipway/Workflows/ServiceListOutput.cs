using System.Text.Json;
using Slipway.Diagnostics.GitHub;

namespace Slipway.Workflows;

/// <summary>A list of services as the build workflow's matrix reads it: one JSON line, and on GitHub Actions the step output <c>services</c>.</summary>
public static class ServiceListOutput
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string> services)
    {
        var json = JsonSerializer.Serialize(services);
        output.WriteLine(json);
        await StepOutputs.AppendAsync("services", json);
    }
}
