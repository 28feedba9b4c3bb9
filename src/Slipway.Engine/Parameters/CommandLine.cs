namespace Slipway.Engine.Parameters;

/// <summary>A parsed command line: the target names given first, and the raw values of each parameter given.</summary>
internal sealed class CommandLine
{
    public List<string> Targets { get; } = [];

    /// <summary>Raw values per parameter; an empty list means the flag was given alone.</summary>
    public Dictionary<ParameterDescriptor, List<string>> Values { get; } = [];

    /// <summary>
    /// Parses <c>[targets...] [--param value...]</c>. A word after a parameter is its value unless the parameter
    /// cannot take it — a bool flag only takes <c>true</c>/<c>false</c>, a single-valued parameter only one word —
    /// in which case it is a target name, so <c>--dry-run Publish</c> and <c>--env prod Publish</c> work.
    /// </summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var commandLine = new CommandLine();
        ParameterDescriptor? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var (name, inlineValue) = SplitInlineValue(arg[2..]);
                current = FindParameter(name, parameters);
                var values = commandLine.ValuesOf(current);
                if (inlineValue != null)
                    values.Add(inlineValue);
            }
            else if (current == null || !CanTakeAnother(current, commandLine.Values[current], arg))
            {
                commandLine.Targets.Add(arg);
                current = null;
            }
            else
            {
                commandLine.Values[current].Add(arg);
            }
        }
        return commandLine;
    }

    private static bool CanTakeAnother(ParameterDescriptor parameter, List<string> values, string word) =>
        parameter.IsArray || (values.Count == 0 && (!parameter.IsBoolean || bool.TryParse(word, out _)));

    private List<string> ValuesOf(ParameterDescriptor parameter)
    {
        if (!Values.TryGetValue(parameter, out var values))
            Values[parameter] = values = [];
        return values;
    }

    private static (string Name, string? Value) SplitInlineValue(string text)
    {
        var equals = text.IndexOf('=');
        return equals < 0 ? (text, null) : (text[..equals], text[(equals + 1)..]);
    }

    private static ParameterDescriptor FindParameter(string name, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var kebab = NameConventions.ToKebabCase(name);
        return parameters.FirstOrDefault(p => string.Equals(p.CliName, kebab, StringComparison.OrdinalIgnoreCase))
            ?? throw new BuildConfigurationException(
                $"Unknown parameter '--{name}'. Available parameters are: {string.Join(", ", parameters.Select(p => "--" + p.CliName))}.");
    }
}
