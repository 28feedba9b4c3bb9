using k8s;
using k8s.Autorest;
using k8s.Models;
using Slipway.Diagnostics;

namespace Slipway.Deploy.Kubernetes;

/// <summary>Makes sure the environment's namespace exists and carries the environment label.</summary>
public sealed class NamespaceEnsurer(IKubernetes client, string context, IBuildLog log)
{
    /// <summary>Creates <paramref name="name"/> labelled with <paramref name="environment"/> when missing; labels it when unlabelled.</summary>
    /// <exception cref="SlipwayException">The namespace is labelled for another environment, or an API call fails.</exception>
    public async Task EnsureAsync(string name, string environment, CancellationToken ct)
    {
        var existing = await ReadAsync(name, ct);
        if (existing is null)
        {
            try
            {
                await KubernetesErrors.Call(new("create", "namespaces", null, name), () => client.CoreV1.CreateNamespaceAsync(new V1Namespace
                {
                    Metadata = new V1ObjectMeta { Name = name, Labels = Labels(environment) },
                }, fieldManager: KubernetesNames.FieldManager, cancellationToken: ct), context);
                log.Info($"created namespace {name} (label {SlipwayLabels.Environment}={environment})");
                return;
            }
            catch (SlipwayException e) when (e.InnerException is HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.Conflict })
            {
                // Created by someone else between our read and our create: fine, check its label below.
                existing = await ReadAsync(name, ct) ?? throw new SlipwayException(e.Message, e);
            }
        }
        string? label = null;
        existing.Metadata.Labels?.TryGetValue(SlipwayLabels.Environment, out label);
        if (label == environment) return;
        if (label is not null)
            throw SlipwayException.Input($"namespace {name}", $"is labelled {SlipwayLabels.Environment}={label}, so it belongs to environment '{label}', not '{environment}'",
                $"give environment '{environment}' its own namespace in the catalog, or relabel the namespace if it really moved");
        var patch = new V1Patch(new { metadata = new { labels = Labels(environment) } }, V1Patch.PatchType.MergePatch);
        await KubernetesErrors.Call(new("patch", "namespaces", null, name),
            () => client.CoreV1.PatchNamespaceAsync(patch, name, fieldManager: KubernetesNames.FieldManager, cancellationToken: ct), context);
        log.Info($"labelled namespace {name} with {SlipwayLabels.Environment}={environment}");
    }

    private async Task<V1Namespace?> ReadAsync(string name, CancellationToken ct)
    {
        try
        {
            return await client.CoreV1.ReadNamespaceAsync(name, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.Map(e, new("get", "namespaces", null, name));
        }
    }

    private static Dictionary<string, string> Labels(string environment) => new()
    {
        [SlipwayLabels.Environment] = environment,
        [KubernetesNames.ManagedByLabel] = KubernetesNames.FieldManager,
    };
}
