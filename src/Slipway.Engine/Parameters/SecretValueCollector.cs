using System.Collections;

namespace Slipway.Engine.Parameters;

/// <summary>Reads the current values of a build's <see cref="SecretAttribute"/> parameters.</summary>
internal static class SecretValueCollector
{
    public static IReadOnlyCollection<string> Collect(BuildHost build) =>
        ParameterDiscovery.Members(build.GetType())
            .Select(m => new ParameterDescriptor(build, m.Member, m.Attribute))
            .Where(p => p.IsSecret)
            .SelectMany(p => Flatten(p.GetValue()))
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .Distinct()
            .ToList();

    private static IEnumerable<string> Flatten(object? value) => value switch
    {
        null => [],
        string text => [text],
        IEnumerable items => items.Cast<object?>().Select(item => item?.ToString() ?? ""),
        _ => [value.ToString() ?? ""],
    };
}
