using k8s;
using Slipway.Deploy.Kubernetes;

namespace Slipway.Tests.Kubernetes;

/// <summary>
/// kubectl as the oracle: each row a kubectl command sequence against the cluster of <see cref="KubernetesTestCluster"/>
/// (the fake over HTTPS, or a real cluster) and what real Kubernetes answers. Placeholders in arguments: {ns} (a fresh
/// namespace), {ns.yaml}, {deployment.yaml} (the Deployment as Slipway renders it), {unknown-field.yaml} (the same with
/// a misspelt field), {unschedulable.yaml} (one replica whose nodeSelector no node matches), {exec}/{cert} (the fake's
/// exec-plugin and client-certificate contexts), {reader} (get/list only).
/// </summary>
public sealed class KubectlConformanceTests(KubernetesTestCluster cluster) : IClassFixture<KubernetesTestCluster>, IDisposable
{
    /// <summary>One kubectl run: its arguments, the exit code, and a text its stdout (exit 0) or stderr must contain.</summary>
    public sealed record Step(string[] Args, int Exit, string Shows);

    private static Step Ok(string shows, params string[] args) => new(args, 0, shows);
    private static Step Fails(string shows, params string[] args) => new(args, 1, shows);

    private static readonly Step ApplyNamespace = Ok("namespace/{ns} serverside-applied", "apply", "--server-side", "-f", "{ns.yaml}");

    public static readonly Dictionary<string, Step[]> Table = new()
    {
        ["version reaches the server"] = [Ok("\"serverVersion\"", "version", "-o", "json")],
        ["get ns lists a namespace applied server-side"] = [ApplyNamespace, Ok("{ns}", "get", "ns")],
        ["apply --server-side of a rendered Deployment, then get -o json shows it"] =
        [
            ApplyNamespace,
            Ok("deployment.apps/app serverside-applied", "apply", "--server-side", "-f", "{deployment.yaml}"),
            Ok("\"image\": \"{image}\"", "get", "deploy", "app", "-n", "{ns}", "-o", "json"),
        ],
        ["apply --validate=strict of an unknown field fails"] =
        [
            ApplyNamespace,
            Fails("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\"",
                "apply", "--validate=strict", "-f", "{unknown-field.yaml}"),
            Fails("deployments.apps \"app\" not found", "get", "deploy", "app", "-n", "{ns}"),
        ],
        ["rollout status waits (by watch) for the rendered Deployment to become available"] =
        [
            ApplyNamespace,
            Ok("deployment.apps/app serverside-applied", "apply", "--server-side", "-f", "{deployment.yaml}"),
            Ok("deployment \"app\" successfully rolled out", "rollout", "status", "deploy/app", "-n", "{ns}", "--timeout=60s"),
        ],
        // kubectl stops watching at its request timeout (the server sent the headers at once and then no event).
        ["get -w lists, then watches until the request timeout"] =
            [ApplyNamespace, Ok("namespace/{ns}", "get", "ns", "{ns}", "-w", "-o", "name", "--request-timeout=2s")],
        // The node selector matches no node: the pod stays Pending, the scheduler says why in a condition and an event.
        ["a pod no node matches stays Pending with a FailedScheduling event"] =
        [
            ApplyNamespace,
            Ok("deployment.apps/app serverside-applied", "apply", "--server-side", "-f", "{unschedulable.yaml}"),
            Ok("condition met", "wait", "deploy/app", "-n", "{ns}", "--for=jsonpath={.status.replicas}=1", "--timeout=30s"),
            Ok("condition met", "wait", "pods", "-l", "nce-app=app", "-n", "{ns}", "--for=condition=PodScheduled=false", "--timeout=30s"),
            Ok("Pending", "get", "pods", "-n", "{ns}", "-o", "jsonpath={.items[*].status.phase}"),
            Ok("FailedScheduling", "get", "events", "-n", "{ns}", "-o", "jsonpath={.items[*].reason}"),
            Ok("node(s) didn't match Pod's node affinity/selector", "describe", "pods", "-l", "nce-app=app", "-n", "{ns}"),
        ],
        ["get nodes --show-labels"] = [Ok("kubernetes.io/hostname=", "get", "nodes", "--show-labels")],
        ["the exec credential plugin user lists namespaces"] = [ApplyNamespace, Ok("{ns}", "--context", "{exec}", "get", "ns")],
        ["the client certificate user lists namespaces"] = [ApplyNamespace, Ok("{ns}", "--context", "{cert}", "get", "ns")],
        // The reason in brackets depends on whether discovery or the list met the 401 first.
        ["the reader may list but a write is 403"] =
        [
            Ok("", "--context", "{reader}", "get", "ns"),
            Fails("Error from server (Forbidden)", "--context", "{reader}", "apply", "--server-side", "-f", "{ns.yaml}"),
            Fails("namespaces \"{ns}\" not found", "get", "ns", "{ns}"),
        ],
        ["a wrong token is 401"] = [Fails("error: You must be logged in to the server (", "--token", "not-a-token", "get", "ns")],
    };

    public static TheoryData<string> Rows => new(Table.Keys);

    private readonly TempDir _dir = new();

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Kubectl_gets_what_real_Kubernetes_answers(string row)
    {
        var values = await PrepareAsync();
        var kubectl = new Kubectl(cluster.KubeconfigPath, _dir.Combine("cache"));
        foreach (var step in Table[row])
        {
            var args = step.Args.Select(a => Fill(a, values)).ToArray();
            var result = await kubectl.RunAsync(["--context", cluster.AdminContext, .. args]);
            var said = $"kubectl {string.Join(' ', args)} exited {result.ExitCode}\nstdout: {result.StandardOutputText}\nstderr: {result.StandardErrorText}";
            Assert.True(result.ExitCode == step.Exit, said);
            Assert.True((step.Exit == 0 ? result.StandardOutputText : result.StandardErrorText).Contains(Fill(step.Shows, values)), said);
        }
    }

    private async Task<Dictionary<string, string>> PrepareAsync()
    {
        cluster.Fake?.AddNode("kubectl-node", new Dictionary<string, string> { ["nce-env"] = KubeTestCatalog.Environment });
        var ns = cluster.NewNamespace();
        var image = cluster.GoodImage(7);
        var catalog = KubeTestCatalog.Create(ns, cluster.AdminContext, cluster.ProgressDeadlineSeconds, image: image);
        var rendered = KubernetesDryRun.Yaml(new KubernetesDeployRequest
        {
            Settings = KubeTestCatalog.Resolve(catalog), ImageByDigest = image, Tag = "v1",
            Commit = "0123456789abcdef0123456789abcdef01234567", LedgerEntryId = "ledger-1",
        });
        var nowhere = KubeTestCatalog.Create(ns, cluster.AdminContext, cluster.ProgressDeadlineSeconds, image: image,
            edit: (k, service) => { k["nodeSelector"] = new System.Text.Json.Nodes.JsonObject { ["nce-env"] = "no-such-node" }; service["replicas"] = 1; });
        var unschedulable = KubernetesDryRun.Yaml(new KubernetesDeployRequest { Settings = KubeTestCatalog.Resolve(nowhere), ImageByDigest = image });
        var misspelt = rendered.Replace("\n  replicas:", "\n  replica:");
        Assert.NotEqual(rendered, misspelt);
        var values = new Dictionary<string, string>
        {
            ["ns"] = ns, ["image"] = image,
            ["ns.yaml"] = Write("ns.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"),
            ["deployment.yaml"] = Write("deployment.yaml", rendered),
            ["unknown-field.yaml"] = Write("unknown-field.yaml", misspelt),
            ["unschedulable.yaml"] = Write("unschedulable.yaml", unschedulable),
            // Against a real cluster the admin context stands in: it has no users of these kinds to offer.
            ["exec"] = cluster.IsFake ? "fake-exec" : cluster.AdminContext,
            ["cert"] = cluster.IsFake ? "fake-cert" : cluster.AdminContext,
            ["reader"] = cluster.ReaderContext,
        };
        return values;
    }

    private string Write(string name, string text)
    {
        File.WriteAllText(_dir.Combine(name), text);
        return _dir.Combine(name);
    }

    private static string Fill(string text, Dictionary<string, string> values) =>
        values.Aggregate(text, (t, kv) => t.Replace("{" + kv.Key + "}", kv.Value));

    public void Dispose() => _dir.Dispose();
}
