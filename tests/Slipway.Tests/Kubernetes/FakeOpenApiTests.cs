using System.Text.Json.Nodes;
using k8s;
using Slipway.Deploy.Kubernetes;
using Slipway.Tests.Kubernetes.Fake;

namespace Slipway.Tests.Kubernetes;

/// <summary>The trimmed OpenAPI documents the fake ships cover what Slipway sends, and kubectl can use them.</summary>
public sealed class FakeOpenApiTests
{
    [Fact]
    public void Every_field_of_a_rendered_Deployment_is_in_the_shipped_schema()
    {
        var catalog = KubeTestCatalog.Create("slipway-openapi", "fake-admin", 10, edit: (kubernetes, _) =>
        {
            kubernetes["nodeSelector"] = new JsonObject { ["nce-env"] = "pubtest" };
            kubernetes["imagePullSecret"] = "hub-pull";
        });
        var deployment = DeploymentRenderer.Render(new KubernetesDeployRequest
        {
            Settings = KubeTestCatalog.Resolve(catalog), ImageByDigest = "registry.test/ncerepo/app@sha256:" + new string('1', 64),
            Tag = "v1", Commit = "0123456789abcdef0123456789abcdef01234567", LedgerEntryId = "ledger-1",
        });
        var sent = JsonNode.Parse(KubernetesJson.Serialize(deployment))!;
        Assert.NotNull(sent["spec"]?["template"]?["spec"]?["imagePullSecrets"]);

        Assert.Empty(FakeOpenApiSchema.UndeclaredFields("apis/apps/v1", "Deployment", sent));
    }

    [Fact]
    public void A_misspelt_field_is_reported_undeclared()
    {
        var deployment = JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a","labels":{"x":"y"}},"spec":{"replica":1,"template":{"spec":{"containers":[{"name":"a","imagePullPolice":"Always"}]}}}}""")!;

        Assert.Equal(["spec.replica", "spec.template.spec.containers[0].imagePullPolice"],
            FakeOpenApiSchema.UndeclaredFields("apis/apps/v1", "Deployment", deployment));
    }

    [Fact]
    public void The_index_points_at_a_document_per_served_group_version()
    {
        var paths = FakeOpenApi.Index()["paths"]!.AsObject();

        Assert.Equal(["api/v1", "apis/apps/v1"], paths.Select(p => p.Key).Order().ToArray());
        Assert.StartsWith("/openapi/v3/apis/apps/v1?hash=", paths["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>());
    }
}
