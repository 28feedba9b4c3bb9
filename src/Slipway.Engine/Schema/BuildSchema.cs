using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Slipway.Engine.Definition;
using Slipway.Engine.Parameters;

namespace Slipway.Engine;

/// <summary>Generates <c>.nuke/build.schema.json</c>: a JSON Schema (draft-07) of the values <c>.nuke/parameters*.json</c> may hold.</summary>
public static class BuildSchema
{
    /// <summary>The schema file's path below the root directory.</summary>
    public const string RelativePath = ".nuke/build.schema.json";

    /// <summary>
    /// The schema for a build type: one property per parameter under its PascalCase name, with type and description;
    /// enums and allowed values as <c>enum</c>; <c>Target</c> and <c>Skip</c> as arrays of the build's target names.
    /// </summary>
    public static string Generate(Type buildType)
    {
        var targetNames = TargetDiscovery.FindNames(buildType);
        var members = ParameterDiscovery.Members(buildType)
            .Concat(ParameterDiscovery.Members(typeof(EngineSwitches)))
            .Where(m => !m.Member.IsDefined(typeof(CommandLineOnlyAttribute)))
            .Select(m => (Name: JsonNameOf(m.Member, m.Attribute), m.Member, m.Attribute))
            .OrderBy(m => m.Name, StringComparer.Ordinal);

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   Indented = true,
                   Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keeps "<name>" readable; the file is not HTML
               }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            json.WriteString("title", $"{buildType.Name} parameters");
            json.WriteString("type", "object");
            json.WriteStartObject("properties");
            json.WriteStartObject("$schema");
            json.WriteString("type", "string");
            json.WriteEndObject();
            foreach (var (name, member, attribute) in members)
            {
                json.WriteStartObject(name);
                WriteType(json, member, TypeOf(member), IsTargetList(member) ? targetNames : null);
                if (attribute.Description.Length > 0)
                    json.WriteString("description", attribute.Description);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void WriteType(Utf8JsonWriter json, MemberInfo member, Type type, IReadOnlyList<string>? targetNames)
    {
        if (type.IsArray)
        {
            json.WriteString("type", "array");
            json.WriteStartObject("items");
            WriteType(json, member, type.GetElementType()!, targetNames);
            json.WriteEndObject();
            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        IReadOnlyList<string>? allowed = targetNames
            ?? (type.IsEnum ? (IReadOnlyList<string>)Enum.GetNames(type) : null)
            ?? member.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => v?.ToString() ?? "").ToList();
        json.WriteString("type", JsonTypeOf(type));
        if (allowed != null)
        {
            json.WriteStartArray("enum");
            foreach (var value in allowed)
                json.WriteStringValue(value);
            json.WriteEndArray();
        }
    }

    private static string JsonTypeOf(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "boolean",
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
            or TypeCode.Int64 or TypeCode.UInt64 when !type.IsEnum => "integer",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
        _ => "string",
    };

    private static bool IsTargetList(MemberInfo member) =>
        member.DeclaringType == typeof(EngineSwitches) && member.Name is nameof(EngineSwitches.Target) or nameof(EngineSwitches.Skip);

    private static Type TypeOf(MemberInfo member) => member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;

    private static string JsonNameOf(MemberInfo member, ParameterAttribute attribute) =>
        NameConventions.ToJsonName(member.Name, attribute.Name);
}
