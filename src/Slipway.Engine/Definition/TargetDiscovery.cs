using System.Linq.Expressions;
using System.Reflection;

namespace Slipway.Engine.Definition;

/// <summary>Finds the <see cref="Target"/> properties of a build and turns their definitions into <see cref="ExecutableTarget"/>s.</summary>
internal static class TargetDiscovery
{
    /// <summary>Instance properties of type <see cref="Target"/>, base classes first, in declaration order.</summary>
    public static IReadOnlyList<PropertyInfo> FindProperties(Type buildType)
    {
        var hierarchy = new List<Type>();
        for (var type = buildType; type != null && type != typeof(object); type = type.BaseType)
            hierarchy.Insert(0, type);

        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var seen = new HashSet<string>();
        return hierarchy
            .SelectMany(type => type.GetProperties(flags).OrderBy(p => p.MetadataToken))
            .Where(p => p.PropertyType == typeof(Target) && p.GetMethod != null && p.GetIndexParameters().Length == 0)
            .Where(p => seen.Add(p.Name)) // an override keeps the position of the virtual it overrides
            .ToList();
    }

    public static IReadOnlyList<string> FindNames(Type buildType) => FindProperties(buildType).Select(p => p.Name).ToList();

    /// <summary>The name of the target a default-target expression such as <c>x => x.Compile</c> points at.</summary>
    public static string NameOf<T>(Expression<Func<T, Target>> expression) =>
        expression.Body is MemberExpression { Member: PropertyInfo property }
            ? property.Name
            : throw new BuildConfigurationException($"Default target expression `{expression}` must name a Target property, e.g. x => x.Compile.");

    public static IReadOnlyList<ExecutableTarget> Define(BuildHost build, IReadOnlyList<string> defaultTargetNames)
    {
        var properties = FindProperties(build.GetType());
        // `Target X => _ => ...` may build a new delegate on every get; invoking each getter once and
        // matching references by Method + Target identifies them regardless.
        var delegates = properties
            .Select(p => (Target?)p.GetValue(build) ?? throw new BuildConfigurationException($"Target {p.Name} returned null."))
            .ToList();
        var targets = properties.Select((p, i) => new ExecutableTarget(p.Name, i)).ToList();
        var definitions = targets.Select((t, i) => Collect(t.Name, delegates[i])).ToList();

        ExecutableTarget Resolve(Target reference, string referencedFrom)
        {
            var index = delegates.FindIndex(d => d.Method == reference.Method && ReferenceEquals(d.Target, reference.Target));
            return index >= 0
                ? targets[index]
                : throw new BuildConfigurationException(
                    $"Target {referencedFrom} references a target that is not a Target property of {build.GetType().Name}.");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var definition = definitions[i];
            target.Description = definition.DescriptionText ?? "";
            target.IsUnlisted = definition.IsUnlisted;
            target.IsDefault = defaultTargetNames.Contains(target.Name);
            target.ProceedAfterFailure = definition.IsProceedAfterFailure;
            target.AssuredAfterFailure = definition.IsAssuredAfterFailure;
            target.StaticConditions.AddRange(definition.StaticConditions);
            target.DynamicConditions.AddRange(definition.DynamicConditions);
            target.Requirements.AddRange(definition.Requirements);
            target.Actions.AddRange(definition.Actions);

            foreach (var reference in definition.DependsOnTargets)
                AddOnce(target.Dependencies, Resolve(reference, target.Name));
            foreach (var reference in definition.DependentForTargets)
                AddOnce(Resolve(reference, target.Name).Dependencies, target);
            foreach (var reference in definition.AfterTargets)
                AddOnce(target.RunsAfter, Resolve(reference, target.Name));
            foreach (var reference in definition.BeforeTargets)
                AddOnce(Resolve(reference, target.Name).RunsAfter, target);
            foreach (var reference in definition.TriggersTargets)
                AddOnce(target.Triggers, Resolve(reference, target.Name));
            foreach (var reference in definition.TriggeredByTargets)
                AddOnce(Resolve(reference, target.Name).Triggers, target);
        }
        return targets;
    }

    private static TargetDefinition Collect(string name, Target target)
    {
        var definition = new TargetDefinition();
        try
        {
            target(definition);
        }
        catch (Exception e) when (e is not BuildConfigurationException)
        {
            throw new BuildConfigurationException($"Target {name} could not be defined: {e.Message}");
        }
        return definition;
    }

    private static void AddOnce(List<ExecutableTarget> list, ExecutableTarget target)
    {
        if (!list.Contains(target))
            list.Add(target);
    }
}
