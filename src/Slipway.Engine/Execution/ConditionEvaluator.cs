using System.Linq.Expressions;
using Slipway.Engine.Output;

namespace Slipway.Engine.Execution;

/// <summary>Evaluates OnlyWhen conditions; returns the skip reason of the first false one.</summary>
internal static class ConditionEvaluator
{
    public static string? FindFalse(IEnumerable<Expression<Func<bool>>> conditions)
    {
        foreach (var condition in conditions)
        {
            if (!condition.Compile()())
                return $"condition `{ExpressionText.Render(condition)}` is false";
        }
        return null;
    }
}
