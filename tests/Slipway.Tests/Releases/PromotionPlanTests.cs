using System.Text.Json.Nodes;
using Slipway.Diagnostics;
using Slipway.Releases;

namespace Slipway.Tests.Releases;

/// <summary>A saved plan reads back as written; a plan edited by hand is refused before anything is checked or done.</summary>
public sealed class PromotionPlanTests
{
    private static PromotionPlan Plan() => new()
    {
        CreatedAt = DateTimeOffset.Parse("2026-12-04T10:00:00Z"), Actor = "carol", CatalogSha256 = new string('c', 64),
        Service = "greeting-web", From = "test", To = ["pubtest"], Digest = "sha256:" + new string('1', 64), Tag = "main-20261204-100000",
        LedgerHeads = new Dictionary<string, LedgerHead?> { ["test"] = new(3, new string('a', 64)), ["pubtest"] = null },
        Hops = [new PlannedHop("test", "pubtest", [new PlannedGate("approvals", false, "0 of 1 approvals")])],
    };

    [Fact]
    public void A_written_plan_reads_back_unchanged_even_reformatted()
    {
        using var dir = new TempDir();
        var path = dir.Combine("plan.json");
        Plan().Write(path);
        File.WriteAllText(path, JsonNode.Parse(File.ReadAllText(path))!.ToJsonString()); // one line: same content
        var read = PromotionPlan.Read(path);
        Assert.Equal(Plan().Digest, read.Digest);
        Assert.Equal(64, read.ContentSha256.Length);
    }

    [Theory]
    [InlineData("digest", "sha256:2222222222222222222222222222222222222222222222222222222222222222")]
    [InlineData("actor", "mallory")]
    public void A_plan_edited_by_hand_is_refused(string field, string value)
    {
        using var dir = new TempDir();
        var path = dir.Combine("plan.json");
        Plan().Write(path);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json[field] = value;
        File.WriteAllText(path, json.ToJsonString());
        var ex = Assert.Throws<SlipwayException>(() => PromotionPlan.Read(path));
        Assert.Contains("was edited after Promote wrote it", ex.Message);
    }

    [Fact]
    public void A_planned_gate_edited_to_pass_is_refused()
    {
        using var dir = new TempDir();
        var path = dir.Combine("plan.json");
        Plan().Write(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"passed\": false", "\"passed\": true"));
        Assert.Throws<SlipwayException>(() => PromotionPlan.Read(path));
    }
}
