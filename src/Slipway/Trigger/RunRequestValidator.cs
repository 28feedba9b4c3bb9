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

    private static string Required(string? value, string field, string expected) =>
        string.IsNullOrWhiteSpace(value)
            ? throw SlipwayException.Input(field, "it is missing", $"give \"{field}\": {expected}")
            : value;
}
