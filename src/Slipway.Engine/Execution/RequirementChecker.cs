using System.Collections;
using System.Linq.Expressions;
using Slipway.Engine.Definition;
using Slipway.Engine.Output;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.Execution;

/// <summary>Checks the <c>Requires</c> of every scheduled target before anything runs; names the missing parameter.</summary>
internal static class RequirementChecker
{
    public static IReadOnlyList<string> FindViolations(IEnumerable<ExecutableTarget> scheduled, IReadOnlyList<ParameterDescriptor> parameters) =>
        scheduled
            .SelectMany(target => target.Requirements.Where(IsViolated).Select(requirement => Describe(target, requirement, parameters)))
            .ToList();

    private static bool IsViolated(LambdaExpression requirement)
    {
        var value = requirement.Compile().DynamicInvoke();
        return value switch
        {
            null => true,
            bool condition => !condition,
            string text => string.IsNullOrWhiteSpace(text),
            ICollection collection => collection.Count == 0,
            _ => false,
        };
    }

    private static string Describe(ExecutableTarget target, LambdaExpression requirement, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var body = requirement.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : requirement.Body;
        var parameter = body is MemberExpression member ? parameters.FirstOrDefault(p => p.Matches(member.Member)) : null;
        return parameter != null
            ? $"Target {target.Name} requires parameter --{parameter.CliName}, which is not set. Fix: pass --{parameter.CliName} VALUE " +
              $"(or set {parameter.EnvironmentName}, or \"{parameter.JsonName}\" in .nuke/parameters.json)"
            : $"Target {target.Name} requires `{ExpressionText.Render(requirement)}`";
    }
}
