using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Versioning;

namespace Slipway.Pipeline;

/// <summary>
/// Names a new build before it is assembled (the tag is one of the image's labels): its date tag, with the short commit
/// appended also when the registry already holds the plain tag (another build of the branch in the same second).
/// </summary>
public static class BuildTag
{
    public static async Task<string> ChooseAsync(RegistryClient registry, string repository, string branch, string commit,
        DateTimeOffset buildTime, TimeZoneInfo zone, IBuildLog log, CancellationToken ct = default)
    {
        var tag = ImageTagFactory.Create(branch, buildTime, zone, commit);
        if (ImageTagFactory.NeedsCommit(branch) || await registry.HeadManifestAsync(repository, tag, ct) is not { } taken) return tag;
        var withCommit = ImageTagFactory.Create(branch, buildTime, zone, commit, withCommit: true);
        log.Info($"{registry.Host}/{repository}:{tag} already points at {taken} (another build of {branch} in the same second): " +
                 $"this build is tagged {withCommit}");
        return withCommit;
    }
}
