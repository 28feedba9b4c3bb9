using System.Text;

namespace Slipway.Engine.Parameters;

/// <summary>The spellings of a parameter name: kebab-case (CLI), UPPER_SNAKE (environment), PascalCase (JSON).</summary>
internal static class NameConventions
{
    /// <summary><c>DryRun</c> → <c>dry-run</c>, <c>HTTPPort</c> → <c>http-port</c>, <c>_token</c> → <c>token</c>.</summary>
    public static string ToKebabCase(string name)
    {
        name = name.TrimStart('_');
        var result = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-' or ' ')
            {
                AppendSeparator(result);
                continue;
            }
            if (char.IsUpper(c) && i > 0 && StartsWord(name, i))
                AppendSeparator(result);
            result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString().TrimEnd('-');
    }

    /// <summary><c>DryRun</c> → <c>DRY_RUN</c>.</summary>
    public static string ToUpperSnakeCase(string name) => ToKebabCase(name).Replace('-', '_').ToUpperInvariant();

    /// <summary><c>docker-registry</c> → <c>DockerRegistry</c>.</summary>
    public static string ToPascalCase(string name) =>
        string.Concat(ToKebabCase(name).Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>The key in parameters.json: the member name as written (PascalCase), or the PascalCase of an explicit name.</summary>
    public static string ToJsonName(string memberName, string? explicitName)
    {
        if (explicitName != null)
            return ToPascalCase(explicitName);
        var name = memberName.TrimStart('_');
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static bool StartsWord(string name, int i)
    {
        var previous = name[i - 1];
        var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
        return char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower);
    }

    private static void AppendSeparator(StringBuilder result)
    {
        if (result.Length > 0 && result[^1] != '-')
            result.Append('-');
    }
}
