using k8s.Models;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Deploy.Kubernetes;
using Slipway.Registry;
using Slipway.Status;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Tests.Status;

/// <summary>
/// Configuration drift without a live target: how a Deployment as the API server returns it compares with what the catalog
/// renders, and how a target's differences become a ConfigDrift cell in the text and HTML matrix.
/// </summary>
public sealed class ConfigDriftTests
{
    private const string Good = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly Digest Digest = Digest.Parse(Good, "test");

    private static ResolvedService NceApi(string environment = "pubtest") => ShippedCatalog.Load().Resolve("nce-api", environment);

    /// <summary>The Deployment Slipway applies for <paramref name="settings"/>, defaulted as the API server stores it.</summary>
    private static V1Deployment Live(ResolvedService settings)
    {
        var deployment = DeploymentRenderer.Render(new KubernetesDeployRequest
        {
            Settings = settings, ImageByDigest = new DeployInput { Settings = settings, Digest = Digest }.ImageText, Tag = "main-1", Commit = "abc",
        });
        FakeDeploymentRules.Default(deployment);
        return deployment;
    }

    [Fact]
    public void A_deployment_the_server_defaulted_matches_the_catalog_it_was_rendered_from()
    {
        var settings = NceApi();
        var live = Live(settings);
        Assert.NotNull(live.Spec.Template.Spec.Containers[0].Ports[0].HostPort); // the server's default is there, and is not a difference

        Assert.Empty(KubernetesConfigDrift.Between(live, settings, Digest));
    }

    [Fact]
    public void A_port_and_java_options_change_in_the_catalog_is_named_field_by_field()
    {
        var before = NceApi();
        var after = before with { Port = before.Port + 1, JavaOpts = "-Dchanged=yes" };

        var differences = KubernetesConfigDrift.Between(Live(before), after, Digest).Select(d => d.ToString()).ToList();

        Assert.Contains($"NCE_PORT={before.Port} -> {before.Port + 1}", differences);
        Assert.Contains($"NCE_JAVA_OPTS={(before.JavaOpts.Length == 0 ? "(unset)" : before.JavaOpts)} -> -Dchanged=yes", differences);
        Assert.Contains($"spec.containers[nce-api].ports[http].containerPort={before.Port} -> {before.Port + 1}", differences);
        Assert.Contains($"spec.containers[nce-api].readinessProbe.httpGet.port={before.Port} -> {before.Port + 1}", differences);
    }

    [Fact]
    public void What_others_add_to_the_template_is_not_drift_but_a_changed_node_selector_or_resources_are()
    {
        var settings = NceApi();
        var live = Live(settings);
        var container = live.Spec.Template.Spec.Containers[0];
        container.Env.Add(new V1EnvVar { Name = "SIDECAR_TOKEN", Value = "x" });
        live.Spec.Template.Metadata.Labels["team"] = "platform";
        Assert.Empty(KubernetesConfigDrift.Between(live, settings, Digest));

        live.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };
        container.Resources.Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("2Gi") };
        var differences = KubernetesConfigDrift.Between(live, settings, Digest).Select(d => d.Key).ToList();
        Assert.Contains("spec.nodeSelector.disk", differences);
        Assert.Contains("spec.containers[nce-api].resources.limits.memory", differences);
    }

    [Fact]
    public void Every_field_the_renderer_sets_is_compared()
    {
        // A field DeploymentRenderer learns to set but the comparison does not keep would never show as drift.
        var settings = NceApi();
        var kubernetes = settings.EnvironmentSpec.Kubernetes! with { PostStart = ["/bin/true"], PreStopSleepSeconds = 3 };
        var everything = settings with { Xmx = "512m", JavaOpts = "-Da=b", EnvironmentSpec = settings.EnvironmentSpec with { Kubernetes = kubernetes } };
        var rendered = DeploymentRenderer.Render(new KubernetesDeployRequest { Settings = everything, ImageByDigest = "r/x@" + Good }).Spec.Template;
        var fields = ManifestFields.Of(rendered);
        Assert.Contains(fields.Keys, k => k.StartsWith("spec.nodeSelector.", StringComparison.Ordinal));
        Assert.Contains(fields.Keys, k => k.Contains(".lifecycle.postStart.", StringComparison.Ordinal));

        Assert.Equal(fields, ManifestFields.Of(KubernetesConfigDrift.RenderedFieldsOf(rendered, rendered)));
    }

    [Fact]
    public void A_target_with_configuration_differences_is_a_config_drift_cell_with_the_deploy_command()
    {
        var reading = new TargetReading("host 'h1'", TargetState.Runs, Digest, "main-1")
        {
            ConfigDifferences = [new ConfigDifference("NCE_PORT", "18080", "18081"), new ConfigDifference("restart", "no", "unless-stopped")],
        };

        var (kinds, notes) = LiveDrift.Assess(new LiveReading([reading]), Good, "svc", "develop");

        Assert.Equal([DriftKind.ConfigDrift], kinds);
        var note = Assert.Single(notes);
        Assert.Equal("host 'h1': configuration differs from the catalog: NCE_PORT=18080 -> 18081, restart=no -> unless-stopped; " +
                     "apply it with ./build.sh Deploy --env develop --service svc", note);
        var cell = new StatusCell
        {
            Service = "svc", Environment = "develop", Digest = Good, LiveDigest = Good, Tag = "main-1", Drift = kinds, DriftNotes = notes, Live = [reading],
        };
        var matrix = new StatusMatrix(["svc"], ["develop"], [cell], DateTimeOffset.UnixEpoch);
        Assert.Contains("DRIFT: " + note, StatusTextRenderer.Render(matrix));
        Assert.Contains("NCE_PORT=18080 -&gt; 18081", StatusHtmlRenderer.Render(matrix));
    }

    [Fact]
    public void Strays_are_listed_after_the_matrix_with_their_remove_commands()
    {
        var stray = new Stray
        {
            Environment = "develop", Service = "old-api", Where = "host 'h1' (unix:///var/run/docker.sock)", What = "container old-api.develop",
            TargetName = "h1", ObjectName = "old-api.develop", Reason = "service 'old-api' is not in the catalog", RemoveCommand = Stray.PruneCommand("develop"),
        };
        var matrix = new StatusMatrix(["svc"], ["develop"], [], DateTimeOffset.UnixEpoch)
        {
            Strays = [stray], StraysUnread = ["develop: host 'h2' (tcp://h2:2376): no answer within 5s"],
        };

        var text = StatusTextRenderer.Render(matrix);
        Assert.Contains("  develop      container old-api.develop on host 'h1' (unix:///var/run/docker.sock): service 'old-api' is not in the catalog; " +
                        "remove with: ./build.sh Prune --env develop", text);
        Assert.Contains("strays not listed: develop: host 'h2' (tcp://h2:2376): no answer within 5s", text);
        Assert.EndsWith("No drift. 1 stray(s).\n", text);
        var html = StatusHtmlRenderer.Render(matrix);
        Assert.Contains("<code>./build.sh Prune --env develop</code>", html);
        Assert.Contains("No drift. 1 stray(s).", html);
    }
}
