using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Releases;
using Slipway.Status;

namespace Slipway.Tests.Status;

/// <summary>Status shows each cell's release gates from the ledgers it read: frozen, the window (next opening), soak left, approvals n/m.</summary>
public sealed class CellGatesTests
{
    private const string Service = SampleRepository.Service;
    private const string Old = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string New = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-05T10:00:00Z"); // a Saturday

    private static Slipway.Catalog.Catalog Catalog()
    {
        var json = SampleCatalog.Json(RepoRoot.Path, "test", "http://127.0.0.1:5000", "gates", "dev",
            SampleRepository.ServiceJson("/nowhere", 18080, new JsonObject { ["dev"] = new JsonObject(), ["prod"] = new JsonObject { ["port"] = 18081 } }));
        var prod = SampleCatalog.LocalDockerEnvironment("test");
        prod["promoteFrom"] = "dev";
        prod["gates"] = JsonNode.Parse("""
            { "windows": { "allow": [ { "name": "workdays", "cron": "0 9 * * 1-5", "durationMinutes": 480, "timeZone": "UTC" } ] },
              "soakMinutes": 60, "approvals": { "required": 2, "approvers": ["alice", "bob", "carol"] } }
            """);
        json["environments"]!["prod"] = prod;
        return CatalogLoader.LoadFromJson(json.ToJsonString(), RepoRoot.Path, "gates.json", DeployModes.Shipped);
    }

    private static LedgerEntry Entry(string env, string action, string digest, DateTimeOffset at, string actor = "ci", string? message = null) => new()
    {
        Service = Service, Environment = env, Action = action, Digest = digest, Result = LedgerEntry.Succeeded, Time = at, Actor = actor,
        Message = message,
    };

    [Fact]
    public void A_waiting_promotion_shows_the_closed_window_the_soak_left_and_the_approvals_it_has()
    {
        var histories = new Dictionary<string, IReadOnlyList<LedgerEntry>>
        {
            ["dev"] = [Entry("dev", LedgerActions.Deploy, Old, Now.AddDays(-2)), Entry("dev", LedgerActions.Deploy, New, Now.AddMinutes(-20))],
            ["prod"] =
            [
                Entry("prod", LedgerActions.Deploy, Old, Now.AddDays(-1)),
                Entry("prod", LedgerActions.Approve, New, Now.AddMinutes(-5), "alice"),
                Entry("prod", LedgerActions.Approve, New, Now.AddMinutes(-4), "mallory"),
                Entry("prod", LedgerActions.Freeze, New, Now.AddMinutes(-1), "carol", "incident 4711") with { Service = Slipway.Releases.Gates.Freezes.AllServices },
            ],
        };

        var gates = CellGates.Describe(Catalog(), Service, "prod", Old, histories, Now);

        Assert.Equal(["frozen", "window closed, opens 2026-12-07 09:00 UTC", "soak 40 min left for 222222222222", "approvals 1/2 for 222222222222 (alice)"],
            gates);
        Assert.Empty(CellGates.Describe(Catalog(), Service, "dev", New, histories, Now));
    }

    [Fact]
    public void A_cell_already_running_its_predecessors_digest_shows_only_its_environment_gates()
    {
        var histories = new Dictionary<string, IReadOnlyList<LedgerEntry>>
        {
            ["dev"] = [Entry("dev", LedgerActions.Deploy, New, Now.AddDays(-2))],
            ["prod"] = [Entry("prod", LedgerActions.Deploy, New, Now.AddDays(-1))],
        };
        Assert.Equal(["window open"], CellGates.Describe(Catalog(), Service, "prod", New, histories, Now.AddDays(2)));
    }

    [Fact]
    public void Both_renderers_show_the_gates_of_a_cell()
    {
        var cell = new StatusCell { Service = Service, Environment = "prod", Digest = Old, Gates = ["frozen", "approvals 1/2 for 222222222222 (alice)"] };
        var matrix = new StatusMatrix([Service], ["prod"], [cell], Now);
        Assert.Contains("      gates frozen; approvals 1/2 for 222222222222 (alice)", StatusTextRenderer.Render(matrix));
        var html = StatusHtmlRenderer.Render(matrix);
        Assert.Contains("<div class=\"gate closed\">frozen</div>", html);
        Assert.Contains("<div class=\"gate\">approvals 1/2 for 222222222222 (alice)</div>", html);
    }
}
