using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// apps/v1 Deployments may not change <c>spec.selector</c> once created: an update that does is 422 Invalid with the real
/// server's message, which prints the new selector as Go's <c>%#v</c> does.
/// </summary>
public static class FakeSelectorImmutability
{
    public static void Check(V1Deployment existing, V1Deployment next)
    {
        if (FakeJson.Canonical(existing.Spec.Selector) == FakeJson.Canonical(next.Spec.Selector)) return;
        throw FakeApiError.Invalid("Deployment.apps", existing.Metadata.Name,
            [("spec.selector", $"Invalid value: {GoSyntax(next.Spec.Selector)}: field is immutable")]);
    }

    private static string GoSyntax(V1LabelSelector? selector)
    {
        var labels = selector?.MatchLabels is { Count: > 0 } map
            ? "map[string]string{" + string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}"
            : "map[string]string(nil)";
        var expressions = selector?.MatchExpressions is { } list
            ? "[]v1.LabelSelectorRequirement{" + string.Join(", ", list.Select(e =>
                $"v1.LabelSelectorRequirement{{Key:\"{e.Key}\", Operator:\"{e.OperatorProperty}\", Values:{Strings(e.Values)}}}")) + "}"
            : "[]v1.LabelSelectorRequirement(nil)";
        return $"v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{expressions}}}";
    }

    private static string Strings(IList<string>? values) =>
        values is null ? "[]string(nil)" : "[]string{" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "}";
}
