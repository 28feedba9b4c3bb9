using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Source;

namespace Slipway.Trigger;

/// <summary>Checks a <see cref="RunRequest"/> against the build's targets and the catalog before anything runs.</summary>
public sealed class RunRequestValidator(IReadOnlyCollection<string> targets, Func<Catalog.Catalog> catalog)
{
    /// <summary>The validated run; throws a <see cref="SlipwayException"/> naming the field, the problem and the fix.</summary>
    public RunSpec Validate(RunRequest? request)
    {
        if (request is null)
            throw SlipwayException.Input("request body", "it is empty", "send a JSON object like {\"service\":\"S\",\"env\":\"E\",\"target\":\"Deploy\"}");
        // Lengths first, so that no later message quotes a huge value.
        CheckLength(request.Service, "service", RunRequestLimits.Service, "give the name of a catalog service (a DNS label)");
        CheckLength(request.Env, "env", RunRequestLimits.Env, "give the name of a catalog environment (a DNS label)");
        CheckLength(request.Target, "target", RunRequestLimits.Target, "use one of " + string.Join(", ", targets));
        CheckLength(request.Branch, "branch", RunRequestLimits.Branch, "give a branch name as git shows it (git branch -a)");
        CheckLength(request.Commit, "commit", RunRequestLimits.Commit, "give the commit hash as git log shows it (7 to 40 hex digits, or 64)");
        var target = Required(request.Target, "target", "one of " + string.Join(", ", targets));
        var known = targets.FirstOrDefault(t => string.Equals(t, target, StringComparison.OrdinalIgnoreCase))
            ?? throw SlipwayException.Input("target", $"'{target}' is not a target of this build", "use one of " + string.Join(", ", targets));
        var env = Required(request.Env, "env", "an environment of the catalog");
        var service = Required(request.Service, "service", "a service of the catalog");
        catalog().SelectServices(env, [service]);
        var branch = request.Branch is null ? null : GitRefValidator.ValidateBranch(request.Branch, "branch");
        var commit = request.Commit is null ? null : GitRefValidator.ValidateCommit(request.Commit, "commit");
        return new RunSpec(service, env, known, branch, commit, request.DryRun);
    }

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
