using k8s;
using Slipway.Deploy.Kubernetes;

namespace Slipway.Tests.Kubernetes;

/// <summary>
/// kubectl as the oracle: each row a kubectl command sequence against the cluster of <see cref="KubernetesTestCluster"/>
/// (the fake over HTTPS, or a real cluster) and what real Kubernetes answers. Placeholders in arguments: {ns} (a fresh
/// namespace), {ns.yaml}, {deployment.yaml} (the Deployment as Slipway renders it, 2 replicas), {scaled.yaml} (the same
/// with 3 replicas), {unknown-field.yaml} (the same with a misspelt field), {exec}/{cert} (the fake's exec-plugin and
/// client-certificate contexts), {reader} (get/list only), {stuck.yaml} (a Deployment "stuck" whose pods never get ready),
/// {plain.yaml} (a small Deployment "plain"), {secret.yaml} (an Opaque Secret "s1" from stringData),
/// {unschedulable.yaml} (one replica whose nodeSelector no node matches), {image2} (another good image),
/// {timeout} (how long kubectl may wait for the cluster).
/// </summary>
public sealed class KubectlConformanceTests(KubernetesTestCluster cluster) : IClassFixture<KubernetesTestCluster>, IDisposable
{
    /// <summary>One kubectl run: its arguments, the exit code, and a text its stdout (exit 0, or a diff) or stderr must contain.</summary>
    public sealed record Step(string[] Args, int Exit, string Shows)
    {
        public bool OnStdout { get; init; } = Exit == 0;
    }

    private static Step Ok(string shows, params string[] args) => new(args, 0, shows);
    private static Step Fails(string shows, params string[] args) => new(args, 1, shows);
    /// <summary><c>kubectl diff</c> exits 1 when it found differences, and prints them on stdout.</summary>
    private static Step Differs(string shows, params string[] args) => new(args, 1, shows) { OnStdout = true };

    private static readonly Step ApplyNamespace = Ok("namespace/{ns} serverside-applied", "apply", "--server-side", "-f", "{ns.yaml}");
    private static readonly Step AppRolledOut = Ok("deployment \"app\" successfully rolled out", "rollout", "status", "deploy/app", "-n", "{ns}", "--timeout={timeout}");
    private static readonly string[] CountReplicaSets = ["get", "rs", "-n", "{ns}", "-l", "nce-app=app", "-o", "go-template=n={{len .items}};"];
    // The revision-history annotation is set only on a ReplicaSet taken back as a newer revision.
    private static readonly string[] HistoryOfRevision3 =
    [
        "get", "rs", "-n", "{ns}", "-l", "nce-app=app", "-o",
        "jsonpath={range .items[?(@.metadata.annotations.deployment\\.kubernetes\\.io/revision==\"3\")]}history={.metadata.annotations.deployment\\.kubernetes\\.io/revision-history}{end}",
    ];
    private static readonly string[] CountAppObjects = ["get", "deploy,rs,pods", "-n", "{ns}", "-l", "nce-app=app", "-o", "go-template=n={{len .items}};"];
    private static readonly Step ApplyDeployment = Ok("deployment.apps/app serverside-applied", "apply", "--server-side", "-f", "{deployment.yaml}");
    // What Slipway's deploy sends: its own field manager, forced.
    private static readonly Step DeployAsSlipway = Ok("deployment.apps/app serverside-applied",
        "apply", "--server-side", "--field-manager=slipway", "--force-conflicts", "-f", "{deployment.yaml}");
    private static Step Shows(string jsonPath, string value) => Ok(value, "get", "deploy", "app", "-n", "{ns}", "-o", "jsonpath=" + jsonPath);

    public static readonly Dictionary<string, Step[]> Table = new()
    {
        ["version reaches the server"] = [Ok("\"serverVersion\"", "version", "-o", "json")],
        ["get ns lists a namespace applied server-side"] = [ApplyNamespace, Ok("{ns}", "get", "ns")],
        ["apply --server-side of a rendered Deployment, then get -o json shows it"] =
        [
            ApplyNamespace,
            ApplyDeployment,
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
            ApplyDeployment,
            Ok("deployment \"app\" successfully rolled out", "rollout", "status", "deploy/app", "-n", "{ns}", "--timeout=60s"),
        ],
        // kubectl stops watching at its request timeout (the server sent the headers at once and then no event).
        ["rollout status of a stuck Deployment fails though another in the namespace is done (name filter)"] =
        [
            ApplyNamespace, ApplyDeployment,
            Ok("deployment.apps/stuck created", "apply", "-f", "{stuck.yaml}"),
            AppRolledOut,
            Fails("error: deployment \"stuck\" exceeded its progress deadline", "rollout", "status", "deploy/stuck", "-n", "{ns}", "--timeout={timeout}"),
        ],
        ["rollout undo takes the old ReplicaSet back as the newest revision; history shows it"] =
        [
            ApplyNamespace, ApplyDeployment, AppRolledOut,
            Ok("deployment.apps/app patched", "patch", "deploy", "app", "-n", "{ns}", "--type=merge",
                "-p", "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"slipway.test/revision\":\"2\"}}}}}"),
            AppRolledOut,
            Ok("n=2;", CountReplicaSets),
            Ok("deployment.apps/app rolled back", "rollout", "undo", "deploy/app", "-n", "{ns}"),
            AppRolledOut,
            Ok("n=2;", CountReplicaSets),
            Ok("history=1", HistoryOfRevision3),
            Ok("3", "get", "deploy", "app", "-n", "{ns}", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"),
            Ok("REVISION  CHANGE-CAUSE\n2         <none>\n3         <none>", "rollout", "history", "deploy/app", "-n", "{ns}"),
            Ok("Image:\t{image}\n", "rollout", "history", "deploy/app", "-n", "{ns}", "--revision=3"),
        ],
        // Its container has no resources: kubectl sends "resources: {}" back on undo, the same template as the one it came from.
        ["rollout undo of a Deployment with empty fields takes its old ReplicaSet back"] =
        [
            ApplyNamespace,
            Ok("deployment.apps/plain created", "apply", "-f", "{plain.yaml}"),
            Ok("deployment.apps/plain patched", "patch", "deploy", "plain", "-n", "{ns}", "--type=merge",
                "-p", "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"slipway.test/revision\":\"2\"}}}}}"),
            Ok("deployment \"plain\" successfully rolled out", "rollout", "status", "deploy/plain", "-n", "{ns}", "--timeout={timeout}"),
            Ok("deployment.apps/plain rolled back", "rollout", "undo", "deploy/plain", "-n", "{ns}"),
            Ok("deployment \"plain\" successfully rolled out", "rollout", "status", "deploy/plain", "-n", "{ns}", "--timeout={timeout}"),
            Ok("n=2;", "get", "rs", "-n", "{ns}", "-l", "nce-app=plain", "-o", "go-template=n={{len .items}};"),
        ],
        ["set image changes the image and keeps the readiness probe"] =
        [
            ApplyNamespace, ApplyDeployment,
            Ok("deployment.apps/app image updated", "set", "image", "deploy/app", "-n", "{ns}", "app={image2}"),
            Ok("{image2} /health", "get", "deploy", "app", "-n", "{ns}", "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].readinessProbe.httpGet.path}"),
        ],
        ["scale goes through the scale subresource"] =
        [
            ApplyNamespace, ApplyDeployment,
            Ok("deployment.apps/app scaled", "scale", "deploy/app", "-n", "{ns}", "--replicas=3"),
            Ok("3", "get", "deploy", "app", "-n", "{ns}", "-o", "jsonpath={.spec.replicas}"),
            Ok("\"kind\":\"Scale\"", "get", "--raw", "/apis/apps/v1/namespaces/{ns}/deployments/app/scale"),
        ],
        ["delete (background) removes the Deployment's ReplicaSets and pods"] =
        [
            ApplyNamespace, ApplyDeployment, AppRolledOut,
            Ok("deployment.apps \"app\" deleted", "delete", "deploy", "app", "-n", "{ns}"),
            Ok("", "wait", "--for=delete", "rs,pods", "-l", "nce-app=app", "-n", "{ns}", "--timeout={timeout}"),
            Ok("n=0;", CountAppObjects),
        ],
        ["delete --cascade=foreground returns once the ReplicaSets and pods are gone"] =
        [
            ApplyNamespace, ApplyDeployment, AppRolledOut,
            Ok("deployment.apps \"app\" deleted", "delete", "deploy", "app", "-n", "{ns}", "--cascade=foreground", "--timeout={timeout}"),
            Ok("n=0;", CountAppObjects),
        ],
        ["delete --cascade=orphan keeps the ReplicaSet, without its owner reference"] =
        [
            ApplyNamespace, ApplyDeployment, AppRolledOut,
            Ok("deployment.apps \"app\" deleted", "delete", "deploy", "app", "-n", "{ns}", "--cascade=orphan", "--timeout={timeout}"),
            Ok("n=1;owners=<no value>;", "get", "rs", "-n", "{ns}", "-l", "nce-app=app", "-o", "go-template=n={{len .items}};{{range .items}}owners={{.metadata.ownerReferences}};{{end}}"),
        ],
        ["a selector change is refused"] =
        [
            ApplyNamespace, ApplyDeployment,
            Fails("The Deployment \"app\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"nce-app\":\"other\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
                "patch", "deploy", "app", "-n", "{ns}", "--type=merge",
                "-p", "{\"spec\":{\"selector\":{\"matchLabels\":{\"nce-app\":\"other\"}},\"template\":{\"metadata\":{\"labels\":{\"nce-app\":\"other\"}}}}}"),
        ],
        // kubectl's typed create commands send protobuf bodies (the k8s envelope), which the fake reads for these kinds.
        ["typed create commands (protobuf bodies) make a namespace and secrets"] =
        [
            Ok("namespace/{ns} created", "create", "namespace", "{ns}"),
            Ok("secret/s2 created", "create", "secret", "generic", "s2", "-n", "{ns}", "--from-literal=user=alice"),
            Ok("YWxpY2U= Opaque", "get", "secret", "s2", "-n", "{ns}", "-o", "jsonpath={.data.user} {.type}"),
            Ok("secret/pull created", "create", "secret", "docker-registry", "pull", "-n", "{ns}",
                "--docker-server=registry.example", "--docker-username=u", "--docker-password=p"),
            Ok("kubernetes.io/dockerconfigjson", "get", "secret", "pull", "-n", "{ns}", "-o", "jsonpath={.type}"),
        ],
        ["a Secret is created and read back with its data base64 and its type"] =
        [
            ApplyNamespace,
            Ok("secret/s1 created", "apply", "-f", "{secret.yaml}"),
            Ok("aHVudGVyMg== Opaque", "get", "secret", "s1", "-n", "{ns}", "-o", "jsonpath={.data.password} {.type}"),
            Ok("s1", "get", "secrets", "-n", "{ns}", "-o", "name"),
            Ok("secret \"s1\" deleted", "delete", "secret", "s1", "-n", "{ns}"),
            Fails("secrets \"s1\" not found", "get", "secret", "s1", "-n", "{ns}"),
        ],
        ["get -w lists, then watches until the request timeout"] =
            [ApplyNamespace, Ok("namespace/{ns}", "get", "ns", "{ns}", "-w", "-o", "name", "--request-timeout=2s")],
        ["a second field manager changing an owned field gets a 409 naming field and owner; --force-conflicts takes it"] =
        [
            ApplyNamespace,
            ApplyDeployment,
            Fails("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas",
                "apply", "--server-side", "--field-manager=other", "-f", "{scaled.yaml}"),
            Shows("<{.spec.replicas}>", "<2>"),
            Ok("deployment.apps/app serverside-applied", "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "{scaled.yaml}"),
            Shows("<{.spec.replicas}>", "<3>"),
            Ok("<other>", "get", "deploy", "app", "-n", "{ns}", "--show-managed-fields", "-o",
                "jsonpath=<{.metadata.managedFields[?(@.fieldsV1.f:spec.f:replicas)].manager}>"),
        ],
        ["diff shows the change and writes nothing"] =
        [
            ApplyNamespace,
            ApplyDeployment,
            Differs("+  replicas: 3", "diff", "-f", "{scaled.yaml}"),
            Differs("+  replicas: 3", "diff", "--server-side", "-f", "{scaled.yaml}"),
            Shows("<{.spec.replicas}/{.metadata.generation}>", "<2/1>"),
        ],
        ["an env var another manager added survives Slipway's next deploy"] =
        [
            ApplyNamespace,
            DeployAsSlipway,
            Ok("deployment.apps/app env updated", "set", "env", "deploy/app", "-n", "{ns}", "EXTRA=kept"),
            DeployAsSlipway,
            Shows("<{.spec.template.spec.containers[0].env[?(@.name==\"EXTRA\")].value}>", "<kept>"),
        ],
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
            Assert.True((step.OnStdout ? result.StandardOutputText : result.StandardErrorText).Contains(Fill(step.Shows, values)), said);
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
        var scaled = rendered.Replace("\n  replicas: 2\n", "\n  replicas: 3\n");
        Assert.NotEqual(rendered, misspelt);
        Assert.NotEqual(rendered, scaled);
        var values = new Dictionary<string, string>
        {
            ["ns"] = ns, ["image"] = image, ["image2"] = cluster.IsFake ? cluster.GoodImage(8) : image,
            ["timeout"] = cluster.IsFake ? "30s" : "300s",
            ["stuck.yaml"] = Write("stuck.yaml", SmallDeployment("stuck", ns, image, "/broken-health", cluster.ProgressDeadlineSeconds)),
            ["plain.yaml"] = Write("plain.yaml", SmallDeployment("plain", ns, image, "/health", cluster.ProgressDeadlineSeconds)),
            ["secret.yaml"] = Write("secret.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s1\n  namespace: {ns}\ntype: Opaque\nstringData:\n  password: hunter2\n"),
            ["ns.yaml"] = Write("ns.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"),
            ["deployment.yaml"] = Write("deployment.yaml", rendered),
            ["unknown-field.yaml"] = Write("unknown-field.yaml", misspelt),
            ["scaled.yaml"] = Write("scaled.yaml", scaled),
            ["unschedulable.yaml"] = Write("unschedulable.yaml", unschedulable),
            // Against a real cluster the admin context stands in: it has no users of these kinds to offer.
            ["exec"] = cluster.IsFake ? "fake-exec" : cluster.AdminContext,
            ["cert"] = cluster.IsFake ? "fake-cert" : cluster.AdminContext,
            ["reader"] = cluster.ReaderContext,
        };
        return values;
    }

    /// <summary>A one-replica Deployment without resources or host networking; a readiness path the image never answers
    /// 200 on (the fake: any path with "broken") keeps it from ever becoming available.</summary>
    private static string SmallDeployment(string name, string ns, string image, string readinessPath, int progressDeadlineSeconds) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          replicas: 1
          progressDeadlineSeconds: {progressDeadlineSeconds}
          selector:
            matchLabels:
              nce-app: {name}
          template:
            metadata:
              labels:
                nce-app: {name}
            spec:
              containers:
              - name: {name}
                image: {image}
                readinessProbe:
                  httpGet:
                    path: {readinessPath}
                    port: 18480
        """;

    private string Write(string name, string text)
    {
        File.WriteAllText(_dir.Combine(name), text);
        return _dir.Combine(name);
    }

    private static string Fill(string text, Dictionary<string, string> values) =>
        values.Aggregate(text, (t, kv) => t.Replace("{" + kv.Key + "}", kv.Value));

    public void Dispose() => _dir.Dispose();
}
