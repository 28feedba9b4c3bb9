using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Source;

namespace Slipway.Trigger;

/// <summary>Checks a <see cref="RunRequest"/> against the build's targets and the catalog before anything runs.</summary>
public sealed class RunRequestValidator(IReadOnlyCollection<string> targets, Func<Catalog.Catalog> catalog)
{
    /// <summary>The target that takes <c>digest</c>, <c>withdraw</c> and <c>forOverride</c>.</summary>
    private const string Approve = "Approve";

    /// <summary>The validated run; throws a <see cref="SlipwayException"/> naming the field, the problem and the fix.</summary>
    /// <param name="actor">Who asks, from the request's token (never from its body).</param>
    public RunSpec Validate(RunRequest? request, string actor)
    {
        if (request is null)
            throw SlipwayException.Input("request body", "it is empty", "send a JSON object like {\"service\":\"S\",\"env\":\"E\",\"target\":\"Deploy\"}");
        // Lengths first, so that no later message quotes a huge value.
        CheckLength(request.Service, "service", RunRequestLimits.Service, "give the name of a catalog service (a DNS label)");
        CheckLength(request.Env, "env", RunRequestLimits.Env, "give the name of a catalog environment (a DNS label)");
        CheckLength(request.Target, "target", RunRequestLimits.Target, "use one of " + string.Join(", ", targets));
        CheckLength(request.Branch, "branch", RunRequestLimits.Branch, "give a branch name as git shows it (git branch -a)");
        CheckLength(request.Commit, "commit", RunRequestLimits.Commit, "give the commit hash as git log shows it (7 to 40 hex digits, or 64)");
        CheckLength(request.Digest, "digest", RunRequestLimits.Digest, "give the manifest digest, sha256:<64 lowercase hex digits>");
        CheckLength(request.Reason, "reason", RunRequestLimits.Reason, "say why in a sentence or two");
        var target = Required(request.Target, "target", "one of " + string.Join(", ", targets));
        var known = targets.FirstOrDefault(t => string.Equals(t, target, StringComparison.OrdinalIgnoreCase))
            ?? throw SlipwayException.Input("target", $"'{target}' is not a target of this build", "use one of " + string.Join(", ", targets));
        var env = Required(request.Env, "env", "an environment of the catalog");
        var service = Required(request.Service, "service", "a service of the catalog");
        catalog().SelectServices(env, [service]);
        var branch = request.Branch is null ? null : GitRefValidator.ValidateBranch(request.Branch, "branch");
        var commit = request.Commit is null ? null : GitRefValidator.ValidateCommit(request.Commit, "commit");
        var approve = known == Approve;
        var digest = request.Digest is null ? null : ValidDigest(request.Digest);
        if (approve && digest is null)
            throw SlipwayException.Input("digest", "it is missing; Approve approves one digest", "give \"digest\": \"sha256:<64 hex digits>\" of the image");
        var approveOnly = request.Digest is not null ? "digest" : request.Withdraw ? "withdraw" : request.ForOverride ? "forOverride" : null;
        if (!approve && approveOnly is not null)
            throw SlipwayException.Input(approveOnly, $"only Approve takes it, not {known}",
                "drop it, or use \"target\": \"Approve\"");
        if (request.Reason is { } reason && (string.IsNullOrWhiteSpace(reason) || reason.Any(char.IsControl)))
            throw SlipwayException.Input("reason", "it is blank or has control characters (line breaks included)", "say why on one line");
        return new RunSpec(service, env, known, branch, commit, request.DryRun, actor, digest, request.Reason, request.Withdraw, request.ForOverride);
    }

    /// <summary>A manifest digest as the registry writes it, and only sha256: what Approve binds to.</summary>
    private static string ValidDigest(string digest) =>
        Digests.IsValid(digest) && digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest
            : throw SlipwayException.Input("digest", "it is not a sha256 digest (sha256:<64 lowercase hex digits>)",
                "use the digest the registry reports, e.g. from ./build.sh Status");

    private static void CheckLength(string? value, string field, int limit, string fix)
    {
        if (value is not null && value.Length > limit)
            throw SlipwayException.Input(field, $"it is {value.Length} characters long; the limit is {limit}", fix);
    }

    private static string Required(string? value, string field, string expected) =>
        string.IsNullOrWhiteSpace(value)
            ? throw SlipwayException.Input(field, "it is missing", $"give \"{field}\": {expected}")
            : value;
}
