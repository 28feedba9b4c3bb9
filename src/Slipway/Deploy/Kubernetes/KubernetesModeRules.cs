using Slipway.Catalog;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Mode kubernetes: a kubeconfig context, a DNS-1123 namespace and rollout knobs Kubernetes accepts.</summary>
internal static class KubernetesModeRules
{
    public static IEnumerable<CatalogProblem> Check(string environment, KubernetesModeSpec? kubernetes)
    {
        if (kubernetes is null)
        {
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "kubernetes"),
                "mode 'kubernetes' requires a 'kubernetes' block",
                "add \"kubernetes\": { \"context\": \"<kubeconfig context>\", \"namespace\": \"<namespace>\" }");
            yield break;
        }
        if (string.IsNullOrWhiteSpace(kubernetes.Context))
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "kubernetes", "context"),
                "mode 'kubernetes' requires a kubeconfig context", "set \"context\" to the kubeconfig context of the cluster");
        if (!NameSyntax.IsDns1123Label(kubernetes.Namespace))
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "kubernetes", "namespace"),
                $"invalid kubernetes namespace '{kubernetes.Namespace}'",
                "use a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters");
        if (IsZero(kubernetes.RollingUpdate.MaxSurge) && IsZero(kubernetes.RollingUpdate.MaxUnavailable))
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "kubernetes", "rollingUpdate"),
                "maxSurge and maxUnavailable are both zero, so a rollout could never replace a pod",
                "allow at least one of them, e.g. \"maxSurge\": \"1\"");
        if (kubernetes.ProgressDeadlineSeconds <= kubernetes.MinReadySeconds)
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "kubernetes", "progressDeadlineSeconds"),
                $"progressDeadlineSeconds ({kubernetes.ProgressDeadlineSeconds}) must be greater than minReadySeconds ({kubernetes.MinReadySeconds}), or Kubernetes rejects the Deployment",
                "raise progressDeadlineSeconds or lower minReadySeconds");
    }

    private static bool IsZero(string intOrPercent) => intOrPercent.TrimEnd('%').All(c => c == '0');
}
