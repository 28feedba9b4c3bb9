using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Slipway.Engine.Parameters;

/// <summary>A parameter member and all the names it answers to.</summary>
internal sealed class ParameterDescriptor
{
    public ParameterDescriptor(object owner, MemberInfo member, ParameterAttribute attribute)
    {
        Owner = owner;
        Member = member;
        Description = attribute.Description;
        Separator = attribute.Separator;
        IsSecret = member.IsDefined(typeof(SecretAttribute), inherit: true);
        IsCommandLineOnly = member.IsDefined(typeof(CommandLineOnlyAttribute), inherit: true);
        AllowedValues = member.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => v?.ToString() ?? "").ToList();
        Type = member switch
        {
            FieldInfo field => field.FieldType,
            PropertyInfo property => property.PropertyType,
            _ => throw new ArgumentException($"{member.Name} is neither a field nor a property."),
        };
        var baseName = attribute.Name ?? member.Name.TrimStart('_');
        CliName = NameConventions.ToKebabCase(baseName);
        EnvironmentName = "SLIPWAY_" + NameConventions.ToUpperSnakeCase(baseName);
        JsonName = NameConventions.ToJsonName(member.Name, attribute.Name);
    }

    /// <summary>The object holding the member: the build, or the engine's own switches.</summary>
    public object Owner { get; }
    public MemberInfo Member { get; }
    public Type Type { get; }
    public string Description { get; }
    public string? Separator { get; }
    public bool IsSecret { get; }

    /// <summary>Engine switches such as <c>--help</c> that only make sense on the command line.</summary>
    public bool IsCommandLineOnly { get; }

    public IReadOnlyList<string>? AllowedValues { get; }

    /// <summary>kebab-case, without the leading dashes.</summary>
    public string CliName { get; }

    public string EnvironmentName { get; }
    public string JsonName { get; }

    public bool IsArray => Type.IsArray;
    public bool IsBoolean => (Nullable.GetUnderlyingType(Type) ?? Type) == typeof(bool);

    public object? GetValue() => Member is FieldInfo field ? field.GetValue(Owner) : ((PropertyInfo)Member).GetValue(Owner);

    public void SetValue(object? value)
    {
        if (Member is FieldInfo field)
            field.SetValue(Owner, value);
        else
            ((PropertyInfo)Member).SetValue(Owner, value);
    }

    public bool Matches(MemberInfo member) => member.Module == Member.Module && member.MetadataToken == Member.MetadataToken;

    public bool MatchesJsonKey(string key) =>
        string.Equals(key, JsonName, StringComparison.OrdinalIgnoreCase) || string.Equals(key, CliName, StringComparison.OrdinalIgnoreCase);
}
