using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Releases;

/// <summary>
/// An image that reached its docker hosts over SSH (<c>--distribution ssh</c>, or a push that could not reach the registry) and
/// never a registry: it runs by image ID, with no registry digest, so Promote and Rollback have nothing to pull or copy.
/// </summary>
/// <param name="Service">The service.</param>
/// <param name="Environment">The environment it was delivered to.</param>
/// <param name="Tag">Its date tag, when known.</param>
/// <param name="Commit">Its source commit, when known.</param>
/// <param name="ImageId">The engine's image ID it runs as, when known.</param>
public sealed record NeverPushedImage(string Service, string Environment, string? Tag, string? Commit, ImageId? ImageId)
{
    /// <summary>The image a ledger entry without a digest (an SSH delivery) records.</summary>
    public static NeverPushedImage Of(LedgerEntry entry) =>
        new(entry.Service, entry.Environment, entry.Tag, entry.Commit, Digest.TryParse(entry.ImageId, out var id) ? new ImageId(id!) : null);

    /// <summary>The failure of <paramref name="attempt"/> (e.g. "Cannot promote x from 'local'"), naming the image and the command that pushes it.</summary>
    public SlipwayException Error(string attempt)
    {
        var image = string.Join(", ", new[] { Tag, Commit is null ? null : "commit " + Commit[..Math.Min(12, Commit.Length)], ImageId is null ? null : $"image ID {ImageId}" }
            .OfType<string>());
        var commit = Commit is null ? "" : $" --commit {Commit}";
        return new SlipwayException(
            $"{attempt}: the image of {Service} in '{Environment}'{(image.Length == 0 ? "" : $" ({image})")} was delivered over SSH and " +
            "never reached a registry, so no registry has a digest of it to pull or copy. " +
            $"Fix: push it through the registry with ./build.sh Deploy --env {Environment} --service {Service}{commit} --distribution registry " +
            "(it builds that commit again, pushes it and runs it by digest), then try again");
    }
}
