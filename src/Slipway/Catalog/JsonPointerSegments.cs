namespace Slipway.Catalog;

/// <summary>Splits RFC 6901 JSON pointers (<c>/a/b~1c</c>) into unescaped segments.</summary>
internal static class JsonPointerSegments
{
    /// <summary>The unescaped segments; empty for the root pointer.</summary>
    public static string[] Split(string pointer)
    {
        var trimmed = pointer.StartsWith("#", StringComparison.Ordinal) ? pointer[1..] : pointer;
        if (trimmed.Length == 0 || trimmed == "/") return [];
        return trimmed.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }
}
