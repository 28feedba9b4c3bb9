namespace Slipway.Engine.Parameters;

/// <summary>
/// Assigns every parameter its value by precedence: command line &gt; SLIPWAY_* environment variable &gt;
/// <c>.nuke/parameters.&lt;profile&gt;.json</c> (later profiles win) &gt; <c>.nuke/parameters.json</c> &gt; initializer.
/// </summary>
internal sealed class ParameterResolver(
    IReadOnlyList<ParameterDescriptor> parameters,
    CommandLine commandLine,
    IReadOnlyDictionary<string, string?> environment,
    string rootDirectory)
{
    /// <summary>Where each parameter's current value came from (for <c>--help</c>).</summary>
    public Dictionary<ParameterDescriptor, ParameterSource> Sources { get; } = [];

    /// <summary>Keys in parameter files that match no parameter.</summary>
    public List<string> Warnings { get; } = [];

    public void Resolve(ParameterDescriptor profileParameter)
    {
        var nukeDirectory = Path.Combine(rootDirectory, ".nuke");
        var baseFile = ReadFile(Path.Combine(nukeDirectory, "parameters.json"), ParameterSource.ParametersFile);

        // The profile itself can only come from the sources that exist before profiles are loaded.
        Apply(profileParameter, [baseFile]);
        var profiles = ((string[]?)profileParameter.GetValue() ?? [])
            .Select(name => ReadProfile(nukeDirectory, name))
            .Reverse()
            .ToList();

        List<Dictionary<string, RawValue>> files = [.. profiles, baseFile];
        foreach (var parameter in parameters.Where(p => p != profileParameter))
            Apply(parameter, files);
    }

    private void Apply(ParameterDescriptor parameter, IReadOnlyList<Dictionary<string, RawValue>> filesByPrecedence)
    {
        var raw = FromCommandLine(parameter);
        if (!parameter.IsCommandLineOnly)
            raw ??= FromEnvironment(parameter) ?? filesByPrecedence.Select(file => FromFile(parameter, file)).FirstOrDefault(v => v != null);

        if (raw == null)
        {
            Sources[parameter] = ParameterSource.Default;
            return;
        }
        parameter.SetValue(ValueConverter.Convert(parameter, raw));
        Sources[parameter] = raw.Source;
    }

    private RawValue? FromCommandLine(ParameterDescriptor parameter) =>
        commandLine.Values.TryGetValue(parameter, out var values)
            ? new RawValue(values, ParameterSource.CommandLine, "command line")
            : null;

    /// <summary>Exact variable name only; an empty variable counts as unset.</summary>
    private RawValue? FromEnvironment(ParameterDescriptor parameter) =>
        environment.TryGetValue(parameter.EnvironmentName, out var value) && !string.IsNullOrEmpty(value)
            ? new RawValue([value], ParameterSource.Environment, parameter.EnvironmentName)
            : null;

    private static RawValue? FromFile(ParameterDescriptor parameter, Dictionary<string, RawValue> file) =>
        file.FirstOrDefault(entry => parameter.MatchesJsonKey(entry.Key)).Value;

    private Dictionary<string, RawValue> ReadProfile(string nukeDirectory, string name)
    {
        var path = Path.Combine(nukeDirectory, $"parameters.{name}.json");
        if (!File.Exists(path))
            throw new BuildConfigurationException($"Profile '{name}' not found: {path} does not exist.");
        return ReadFile(path, ParameterSource.Profile);
    }

    private Dictionary<string, RawValue> ReadFile(string path, ParameterSource source)
    {
        if (!File.Exists(path))
            return [];
        var values = ParameterFile.Read(path, source);
        foreach (var key in values.Keys.Where(key => !parameters.Any(p => !p.IsCommandLineOnly && p.MatchesJsonKey(key))))
            Warnings.Add($"{Path.GetFileName(path)}: unknown key '{key}' is ignored.");
        return values;
    }
}
