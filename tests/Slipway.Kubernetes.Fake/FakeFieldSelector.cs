using k8s;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// <c>fieldSelector</c> on lists and watches, for the fields every kind has: <c>metadata.name</c> and
/// <c>metadata.namespace</c>, with <c>=</c>, <c>==</c> or <c>!=</c> (what kubectl's name filters send).
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
                var field => throw FakeApiError.BadRequest($"field label not supported: {field}"),
            };
            if ((actual == parts[1].Trim()) == negated) return false;
        }
        return true;
    }
}
