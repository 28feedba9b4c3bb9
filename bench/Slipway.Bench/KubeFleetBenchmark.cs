using Slipway.Registry;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Bench;

/// <summary>
/// The fleet benchmark in kubernetes mode: the same generated fleet deployed into one namespace of the in-process fake
/// API server (tests/Slipway.Kubernetes.Fake: Kestrel on 127.0.0.1, simulated deployment controller, cluster time 20x
/// the wall clock, pods ready 1 cluster second after creation). The build host's CLI talks to it over HTTPS through a
/// generated kubeconfig, exactly as to a real cluster. Images are built and pushed once (untimed); before each measured
/// Deploy the namespace is deleted with its Deployments, ReplicaSets and pods, so every Deploy creates every Deployment.
/// </summary>
public static class KubeFleetBenchmark
{
    private const string Environment = "benchkube";
    private const string Namespace = "bench-fleet";

    public static async Task<BenchmarkResult> RunAsync(string repoRoot, string work, int runs, int size)
    {
        var result = new BenchmarkResult($"fleet-kube-{size}");
        var folder = Path.Combine(work, result.Benchmark);
        await using var registry = await TestRegistry.StartAsync();
        await using var cluster = await FakeKubeApiServer.StartAsync();
        var sample = await BenchChain.CreateAsync(repoRoot, folder, registry.Url);
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, cluster.Kubeconfig());
        var services = FleetCatalog.ServiceNames(size);
        // Pods are simulated: the ports only need to be distinct.
        var ports = services.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => 18000 + p.i);
        var (serial, parallel) = FleetCatalog.WriteSerialAndDefault(folder, repoRoot, sample.SourcePath, registry.Url, Environment,
            FleetCatalog.KubernetesEnvironment(kubeconfig, "fake-admin", Namespace), services, ports);
        var deploy = new FleetDeploy(repoRoot, Environment, Path.Combine(folder, "state"));
        await deploy.PrepareAsync(result, "kubernetes (in-process fake API server, cluster time 20x wall clock, minReadySeconds 1)",
            serial, registry.Url, services);
        await deploy.MeasureAsync(result, size, runs, serial, parallel, () =>
        {
            lock (cluster.Cluster.Gate)
                if (cluster.Cluster.Namespaces.ContainsKey(Namespace)) cluster.Cluster.DeleteNamespace(Namespace);
            return Task.CompletedTask;
        }, () => VerifyRolledOut(cluster.Cluster, services));
        return result;
    }

    /// <summary>Every service has its Deployment in the namespace, fully rolled out (updated = ready = available = desired).</summary>
    private static void VerifyRolledOut(FakeCluster cluster, string[] services)
    {
        lock (cluster.Gate)
            foreach (var service in services)
            {
                if (!cluster.Deployments.TryGetValue((Namespace, service), out var d))
                    throw new InvalidOperationException($"after Deploy the fake cluster has no Deployment {Namespace}/{service}");
                var want = d.Spec.Replicas ?? 1;
                if (d.Status?.UpdatedReplicas != want || d.Status.AvailableReplicas != want)
                    throw new InvalidOperationException($"after Deploy {Namespace}/{service} is not rolled out: updated {d.Status?.UpdatedReplicas}, available {d.Status?.AvailableReplicas} of {want}");
            }
    }
}
