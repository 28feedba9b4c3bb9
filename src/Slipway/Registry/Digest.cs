using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>
/// A manifest's content digest, parsed and validated once where it enters (a registry answer, a label, a ledger line):
/// <c>sha256:&lt;64 lowercase hex&gt;</c> or <c>sha512:&lt;128&gt;</c>. Never an engine's image ID (see <see cref="ImageId"/>).
/// </summary>
public sealed record Digest
{
    private Digest(string value) => Value = value;

    /// <summary>The digest as the distribution protocol writes it.</summary>
    public string Value { get; }

    /// <summary>The first 12 hex digits, for people.</summary>
    public string Short => Digests.Short(Value);

    /// <summary>The digest of <paramref name="bytes"/> (sha256).</summary>
    public static Digest Of(ReadOnlySpan<byte> bytes) => new(Digests.Sha256(bytes));

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names where it came from in the error.</summary>
    /// <exception cref="SlipwayException">Not a content digest.</exception>
    public static Digest Parse(string? text, string source) =>
        TryParse(text, out var digest) ? digest!
            : throw SlipwayException.Input(source, $"'{text}' is not a content digest (sha256:<64 lowercase hex digits>)",
                "use the digest the registry reports, e.g. from ./build.sh Status");

    /// <summary>Parses <paramref name="text"/>, or returns false (null and placeholders included).</summary>
    public static bool TryParse(string? text, out Digest? digest)
    {
        digest = Digests.IsValid(text) ? new Digest(text!) : null;
        return digest is not null;
    }

    public override string ToString() => Value;
}

/// <summary>
/// What a Docker engine calls an image: the digest of its config blob. Kept apart from the manifest <see cref="Digest"/>
/// a registry serves, so one is never written where the other is expected.
/// </summary>
public sealed record ImageId(Digest Config)
{
    public override string ToString() => Config.Value;
}
