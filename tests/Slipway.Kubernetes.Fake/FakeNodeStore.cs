using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Nodes, read-only through the API: a test (or the FakeHost's --node flags) names them and their labels; each is
/// Ready, schedulable, with an InternalIP; <see cref="FakeScheduler"/> binds pods to them. Callers hold the gate.
/// </summary>
public sealed class FakeNodeStore(FakeCluster cluster)
{
    public const int DefaultNodeCount = 32;

    /// <summary>
    /// The nodes of a server started without any: <see cref="DefaultNodeCount"/> unlabelled nodes, so that the tests'
    /// host-networked pods (every test deploys on the same port, in its own namespace, and the pods stay until the
    /// fixture ends) always find a node with the port free. A test about scheduling names its own nodes.
    /// </summary>
    public static IEnumerable<(string Name, IReadOnlyDictionary<string, string> Labels)> DefaultNodes() =>
        Enumerable.Range(1, DefaultNodeCount).Select(i => ($"fake-node-{i:00}", (IReadOnlyDictionary<string, string>)new Dictionary<string, string>()));

    public V1Node Get(string name) =>
        cluster.Nodes.TryGetValue(name, out var node) ? FakeJson.Clone(node) : throw FakeApiError.NotFound("nodes", name);

    public V1NodeList List(string? selector)
    {
        // As the real server parses a label selector: an invalid value is a 400, not an empty list.
        foreach (var value in (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('=', 2)).Where(t => t.Length == 2).Select(t => t[1].TrimStart('=')))
            if (!FakeLabels.IsValidValue(value))
                throw FakeApiError.BadRequest($"unable to parse requirement: values[0]: Invalid value: \"{value}\": {FakeLabels.ValueRule}");
        return Listed(selector);
    }

    private V1NodeList Listed(string? selector) => new()
    {
        ApiVersion = "v1", Kind = "NodeList", Metadata = new V1ListMeta { ResourceVersion = cluster.NextResourceVersion() },
        Items = cluster.Nodes.Values.Where(n => FakeLabels.Matches(n.Metadata.Labels, selector)).Select(FakeJson.Clone).ToList(),
    };

    public static V1Node New(string name, IReadOnlyDictionary<string, string> labels, int index) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            // The labels the kubelet puts on every node, then the test's own.
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64",
            }.Concat(labels).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        },
        Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status" }],
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = $"10.0.0.{10 + index}" }, new V1NodeAddress { Type = "Hostname", Address = name }],
            NodeInfo = new V1NodeSystemInfo
            {
                KubeletVersion = FakeVersion.GitVersion, KubeProxyVersion = FakeVersion.GitVersion, OperatingSystem = "linux", Architecture = "amd64",
                OsImage = "fake", KernelVersion = "fake", ContainerRuntimeVersion = "fake://1.0", MachineID = "", SystemUUID = "", BootID = "",
            },
        },
    };
}
