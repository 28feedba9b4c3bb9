using k8s;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// <c>fieldSelector</c> on lists and watches, for the fields every kind has: <c>metadata.name</c> and
/// <c>metadata.namespace</c> (and an Event's <c>involvedObject.*</c>), with <c>=</c>, <c>==</c> or <c>!=</c> (what kubectl's name filters send).
/// </summary>
public static class FakeFieldSelector
{
    public static bool Matches(IMetadata<V1ObjectMeta> item, string? selector)
    {
        if (string.IsNullOrEmpty(selector)) return true;
        foreach (var term in selector.Split(','))
        {
            var negated = term.Contains("!=");
            var parts = term.Split(negated ? "!=" : term.Contains("==") ? "==" : "=", 2);
            if (parts.Length != 2) throw FakeApiError.BadRequest($"invalid field selector: '{term}'");
            var actual = parts[0].Trim() switch
            {
                "metadata.name" => item.Metadata?.Name,
                "metadata.namespace" => item.Metadata?.NamespaceProperty,
                var field when item is Corev1Event e && field.StartsWith("involvedObject.", StringComparison.Ordinal) => InvolvedObject(e, field),
                var field => throw FakeApiError.BadRequest($"field label not supported: {field}"),
            };
            if ((actual == parts[1].Trim()) == negated) return false;
        }
        return true;
    }

    /// <summary>The fields kubectl describe filters an object's events by.</summary>
    private static string? InvolvedObject(Corev1Event e, string field) => field["involvedObject.".Length..] switch
    {
        "name" => e.InvolvedObject?.Name,
        "namespace" => e.InvolvedObject?.NamespaceProperty,
        "kind" => e.InvolvedObject?.Kind,
        "uid" => e.InvolvedObject?.Uid,
        "apiVersion" => e.InvolvedObject?.ApiVersion,
        "resourceVersion" => e.InvolvedObject?.ResourceVersion,
        "fieldPath" => e.InvolvedObject?.FieldPath ?? "",
        _ => throw FakeApiError.BadRequest($"field label not supported: {field}"),
    };
}
