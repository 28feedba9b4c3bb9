using System.Text.RegularExpressions;

namespace Slipway.Catalog;

/// <summary>
/// An image platform as OCI indexes name it: os/architecture[/variant], e.g. linux/amd64 or linux/arm/v7.
/// A platform without a variant matches every variant of its os/architecture (linux/arm64 matches linux/arm64/v8).
/// </summary>
public sealed partial record ImagePlatform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>linux/amd64: the platform a base is read for when the catalog names none.</summary>
    public static ImagePlatform Default { get; } = new("linux", "amd64");

    /// <summary>Parses os/architecture[/variant]; null when <paramref name="text"/> is not one.</summary>
    public static ImagePlatform? TryParse(string? text)
    {
        if (text is null || !Syntax().IsMatch(text)) return null;
        var parts = text.Split('/');
        return new ImagePlatform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    /// <summary>True when <paramref name="other"/> (e.g. an index entry's platform) is this platform.</summary>
    public bool Matches(ImagePlatform other) =>
        Os == other.Os && Architecture == other.Architecture && (Variant is null || Variant == other.Variant);

    /// <summary>os/architecture[/variant]</summary>
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    [GeneratedRegex("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$")]
    private static partial Regex Syntax();
}
