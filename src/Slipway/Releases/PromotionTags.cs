namespace Slipway.Releases;

/// <summary>
/// The tags a promoted image gets in the target repository. Tags never move, so both are immutable names:
/// <list type="bullet">
/// <item>the original date tag (e.g. <c>main-20261125-081500</c>): the same name in every environment's registry;</item>
/// <item>an environment tag <c>&lt;env&gt;-&lt;date tag&gt;</c> (e.g. <c>local-staging-main-20261125-081500</c>): records that the
/// image was promoted to that environment, readable in any registry UI.</item>
/// </list>
/// An image whose date tag is unknown is named after its digest: <c>digest-&lt;first 12 hex&gt;</c>.
/// </summary>
public sealed record PromotionTags(string Original, string Environment)
{
    private const int MaxTagLength = 128;

    public static PromotionTags For(SourceImage image, string targetEnvironment)
    {
        var original = image.Tag ?? "digest-" + (image.Digest?.Short ?? "unknown");
        var environment = $"{targetEnvironment}-{original}";
        return new PromotionTags(original, environment.Length <= MaxTagLength ? environment : environment[..MaxTagLength]);
    }

    /// <summary>Both tags, original first.</summary>
    public IEnumerable<string> All => [Original, Environment];
}
