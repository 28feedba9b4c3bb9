using System.Reflection;

namespace Slipway.Engine.Parameters;

/// <summary>Finds the <see cref="ParameterAttribute"/> members of a build (base classes first) and of the engine switches.</summary>
internal static class ParameterDiscovery
{
    public static IReadOnlyList<ParameterDescriptor> Find(object build, object switches)
    {
        List<ParameterDescriptor> parameters = [.. FindOn(build), .. FindOn(switches)];
        var clash = parameters.GroupBy(p => p.CliName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash != null)
            throw new BuildConfigurationException(
                $"Parameters {string.Join(" and ", clash.Select(p => p.Member.Name))} both use --{clash.Key}; rename one or set [Parameter(Name = ...)].");
        return parameters;
    }

    /// <summary>The build's own parameters for an owner-less use such as schema generation.</summary>
    public static IEnumerable<(MemberInfo Member, ParameterAttribute Attribute)> Members(Type type)
    {
        var hierarchy = new List<Type>();
        for (var t = type; t != null && t != typeof(object); t = t.BaseType)
            hierarchy.Insert(0, t);

        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var seen = new HashSet<string>();
        foreach (var member in hierarchy.SelectMany(t => t.GetMembers(flags).OrderBy(m => m.MetadataToken)))
        {
            if (member is not (FieldInfo or PropertyInfo))
                continue;
            if (member.GetCustomAttribute<ParameterAttribute>(inherit: true) is not { } attribute || !seen.Add(member.Name))
                continue;
            if (member is PropertyInfo { CanWrite: false })
                throw new BuildConfigurationException($"Parameter {type.Name}.{member.Name} is a get-only property; give it a setter (a private one is fine).");
            yield return (member, attribute);
        }
    }

    private static IEnumerable<ParameterDescriptor> FindOn(object owner) =>
        Members(owner.GetType()).Select(m => new ParameterDescriptor(owner, m.Member, m.Attribute));
}
