using System.ComponentModel;
using System.Globalization;

namespace Slipway.Engine.Parameters;

/// <summary>Converts raw text values to a parameter's type: strings, bools, numbers, enums, arrays of those, and anything with a TypeConverter.</summary>
internal static class ValueConverter
{
    public static object? Convert(ParameterDescriptor parameter, RawValue raw)
    {
        if (parameter.IsArray)
        {
            var elementType = parameter.Type.GetElementType()!;
            var items = raw.Values
                .SelectMany(value => value.Split(parameter.Separator ?? ",", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Select(item => ConvertScalar(parameter, raw, elementType, item))
                .ToArray();
            var array = Array.CreateInstance(elementType, items.Length);
            Array.Copy(items, array, items.Length);
            return array;
        }

        if (parameter.IsBoolean && raw.Values.Count == 0)
            return true;
        if (raw.Values.Count == 0)
            throw new BuildConfigurationException($"Parameter --{parameter.CliName} needs a value ({raw.Origin}).");
        if (raw.Values.Count > 1)
        {
            var shown = parameter.IsSecret ? "several values" : string.Join(" ", raw.Values.Select(v => $"'{v}'"));
            throw new BuildConfigurationException(
                $"Parameter --{parameter.CliName} takes a single value but got {shown} ({raw.Origin}). Targets must come before parameters.");
        }
        return ConvertScalar(parameter, raw, parameter.Type, raw.Values[0]);
    }

    private static object? ConvertScalar(ParameterDescriptor parameter, RawValue raw, Type type, string text)
    {
        var targetType = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (targetType == typeof(string))
                return ApplyAllowedValues(parameter, raw, text);
            if (targetType == typeof(bool))
                return ParseBool(text) ?? throw Invalid(parameter, raw, text, "true or false");
            if (targetType.IsEnum)
                return ParseEnum(targetType, text) ?? throw Invalid(parameter, raw, text, "one of " + string.Join(", ", Enum.GetNames(targetType)));
            return TypeDescriptor.GetConverter(targetType).ConvertFromInvariantString(text);
        }
        catch (Exception e) when (e is not BuildConfigurationException)
        {
            throw Invalid(parameter, raw, text, Expected(targetType));
        }
    }

    private static string ApplyAllowedValues(ParameterDescriptor parameter, RawValue raw, string text)
    {
        if (parameter.AllowedValues is not { } allowed)
            return text;
        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid(parameter, raw, text, "one of " + string.Join(", ", allowed));
    }

    private static bool? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => null,
    };

    /// <summary>Matches enum names ignoring case, dashes and underscores (so <c>blue-green</c> finds <c>BlueGreen</c>).</summary>
    private static object? ParseEnum(Type enumType, string text)
    {
        static string Normalize(string s) => s.Replace("-", "").Replace("_", "").ToLowerInvariant();
        var wanted = Normalize(text);
        var name = Enum.GetNames(enumType).FirstOrDefault(n => Normalize(n) == wanted);
        if (name != null)
            return Enum.Parse(enumType, name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined(enumType, number)
            ? Enum.ToObject(enumType, number)
            : null;
    }

    private static BuildConfigurationException Invalid(ParameterDescriptor parameter, RawValue raw, string text, string expected)
    {
        var shown = parameter.IsSecret ? "" : $" '{text}'";
        return new BuildConfigurationException($"Invalid value{shown} for parameter --{parameter.CliName} ({raw.Origin}): expected {expected}. " +
                                               $"Fix: give --{parameter.CliName} {expected} where it is set ({raw.Origin}); --help lists every parameter.");
    }

    private static string Expected(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Byte => "a whole number",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
        _ => "a value of type " + type.Name,
    };
}
