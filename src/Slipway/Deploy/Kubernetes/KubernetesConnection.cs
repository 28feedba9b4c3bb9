using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Opens a KubernetesClient for one kubeconfig context, failing with a message that names the file and the context.</summary>
public static class KubernetesConnection
{
    /// <summary>A client for <paramref name="context"/> in the kubeconfig at <paramref name="kubeconfigPath"/>.</summary>
    /// <exception cref="SlipwayException">The file is missing or unreadable, or has no such context.</exception>
    public static IKubernetes Open(string kubeconfigPath, string source, string context)
    {
        if (!File.Exists(kubeconfigPath))
            throw SlipwayException.Input($"kubeconfig {kubeconfigPath} (from {source})", "the file does not exist",
                "set KUBECONFIG or the environment's kubernetes.kubeconfig in the catalog to a kubeconfig that has context '" + context + "'");
        K8SConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.LoadKubeConfig(kubeconfigPath);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or YamlDotNet.Core.YamlException)
        {
            throw SlipwayException.Input($"kubeconfig {kubeconfigPath} (from {source})", $"cannot be read: {e.Message}", "fix the file or point KUBECONFIG at a valid one");
        }
        var contexts = config.Contexts?.Select(c => c.Name).ToList() ?? [];
        if (!contexts.Contains(context))
            throw SlipwayException.Input($"kubeconfig {kubeconfigPath} (from {source})", $"has no context '{context}'",
                contexts.Count == 0 ? "add the context to the file" : $"use one of its contexts ({string.Join(", ", contexts)}) in the catalog's kubernetes.context, or add '{context}'");
        try
        {
            return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigObject(config, context));
        }
        catch (KubeConfigException e)
        {
            throw SlipwayException.Input($"kubeconfig {kubeconfigPath} context '{context}'", e.Message, "fix the context's cluster and user entries");
        }
    }
}
