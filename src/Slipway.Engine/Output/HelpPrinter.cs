using Slipway.Engine.Definition;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.Output;

/// <summary>Prints <c>--help</c>: listed targets with descriptions and defaults, parameters with current values.</summary>
internal static class HelpPrinter
{
    public static void Print(
        BuildOutput output,
        IReadOnlyList<ExecutableTarget> targets,
        IReadOnlyList<ParameterDescriptor> parameters,
        IReadOnlyDictionary<ParameterDescriptor, ParameterSource> sources)
    {
        var listed = targets.Where(t => !t.IsUnlisted).ToList();
        var targetWidth = listed.Select(t => t.Name.Length + (t.IsDefault ? " (default)".Length : 0)).DefaultIfEmpty(0).Max();
        output.Line("Targets (run: build [targets...] [--parameter value...]):");
        foreach (var target in listed)
        {
            var name = target.Name + (target.IsDefault ? " (default)" : "");
            var dependencies = target.Dependencies.Count > 0 ? $"(depends on: {string.Join(", ", target.Dependencies)})" : "";
            var details = string.Join(" ", new[] { target.Description, dependencies }.Where(s => s.Length > 0));
            output.Line($"  {name.PadRight(targetWidth)}  {details}".TrimEnd());
        }

        output.Line();
        output.Line("Parameters (current value, and where it came from):");
        var parameterWidth = parameters.Max(p => p.CliName.Length + 2);
        foreach (var parameter in parameters)
        {
            var source = sources.TryGetValue(parameter, out var s) && s != ParameterSource.Default ? $" (from {Describe(s)})" : "";
            var value = parameter.IsCommandLineOnly ? "" : $" = {ParameterValueText.Render(parameter)}{source}";
            output.Line($"  {("--" + parameter.CliName).PadRight(parameterWidth)}  {parameter.Description}{value}");
        }
        output.Line();
        output.Line("Values come from: command line > SLIPWAY_<NAME> environment variables > .nuke/parameters.<profile>.json > .nuke/parameters.json > default.");
    }

    private static string Describe(ParameterSource source) => source switch
    {
        ParameterSource.CommandLine => "command line",
        ParameterSource.Environment => "environment",
        ParameterSource.Profile => "profile",
        ParameterSource.ParametersFile => "parameters.json",
        _ => "default",
    };
}
