using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;

namespace Slipway.Tests.Catalog;

/// <summary>Verification blocks in the catalog: resolved per service (the service's block replaces the environment's), and refused when they cannot work.</summary>
public class VerificationCatalogTests
{
    private static JsonObject Good() => new()
    {
        ["intervalSeconds"] = 2, ["durationSeconds"] = 30, ["failureLimit"] = 1,
        ["http"] = new JsonArray(new JsonObject
        {
            ["path"] = "/", ["status"] = 200, ["bodyContains"] = "hello", ["jsonPath"] = "$.conf", ["equals"] = "local", ["maxLatencyMs"] = 500,
        }),
        ["metrics"] = new JsonArray(new JsonObject { ["path"] = "/metrics", ["name"] = "http_errors_total", ["max"] = 0 }),
    };

    private static Slipway.Catalog.Catalog Load(JsonObject catalog) =>
        CatalogLoader.LoadFromJson(catalog.ToJsonString(), "/repo", "services.json", DeployModes.Shipped);

    [Fact]
    public void The_environment_default_applies_and_a_service_block_replaces_it_whole()
    {
        var catalog = ShippedCatalog.Node();
        catalog["environments"]!["develop"]!["verification"] = Good();
        catalog["services"]!["nce-api"]!["environments"]!["develop"]!["verification"] = new JsonObject
        {
            ["intervalSeconds"] = 1, ["durationSeconds"] = 3, ["http"] = new JsonArray(new JsonObject { ["path"] = "/health" }),
        };

        var loaded = Load(catalog);

        var inherited = loaded.Resolve("nce-openapi", "develop").Verification!;
        Assert.Equal((2, 30, 1, "local"), (inherited.IntervalSeconds, inherited.DurationSeconds, inherited.FailureLimit, JsonPathQuery.Show(inherited.Http[0].EqualsValue!.Value)));
        Assert.Equal(16, inherited.Rounds);
        var own = loaded.Resolve("nce-api", "develop").Verification!;
        Assert.Equal((1, 3, 0, "/health", 200), (own.IntervalSeconds, own.DurationSeconds, own.FailureLimit, own.Http[0].Path, own.Http[0].Status));
        Assert.Empty(own.Metrics);
        Assert.Null(loaded.Resolve("nce-openapi", "test").Verification);
    }

    private sealed record Case(Action<JsonObject> Break, string Path, string Problem);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["zero duration"] = new(v => v["durationSeconds"] = 0, "durationSeconds", "out of range"),
        ["negative interval"] = new(v => v["intervalSeconds"] = -2, "intervalSeconds", "out of range"),
        ["negative failure limit"] = new(v => v["failureLimit"] = -1, "failureLimit", "out of range"),
        ["interval longer than the duration"] = new(v => v["intervalSeconds"] = 60, "intervalSeconds", "longer than the duration"),
        ["no check"] = new(v => { v.Remove("http"); v.Remove("metrics"); }, "", "lists no check"),
        ["jsonPath not at the root"] = new(v => v["http"]![0]!["jsonPath"] = "conf", "http[0].jsonPath", "does not start at the root"),
        ["jsonPath with a wildcard"] = new(v => v["http"]![0]!["jsonPath"] = "$.items[*].id", "http[0].jsonPath", "cannot be read at '[*].id'"),
        ["jsonPath selecting the whole body"] = new(v => v["http"]![0]!["jsonPath"] = "$", "http[0].jsonPath", "selects the whole body"),
        ["equals without jsonPath"] = new(v => v["http"]![0]!.AsObject().Remove("jsonPath"), "http[0].equals", "compares nothing"),
        ["unknown check field"] = new(v => v["http"]![0]!["bodyContain"] = "x", "http[0].bodyContain", "unknown field"),
        ["path without a slash"] = new(v => v["http"]![0]!["path"] = "health", "http[0].path", "invalid 'path'"),
        ["metric without bounds"] = new(v => v["metrics"]![0]!.AsObject().Remove("max"), "metrics[0]", "neither max nor min"),
        ["metric bounds that nothing passes"] = new(v => v["metrics"]![0]!["min"] = 5, "metrics[0].max", "no value can pass"),
        ["metric name that Prometheus cannot have"] = new(v => v["metrics"]![0]!["name"] = "http errors", "metrics[0].name", "invalid 'name'"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_verification_that_cannot_work_is_refused_when_the_catalog_loads(string caseName)
    {
        var (breakIt, path, problem) = Cases[caseName];
        var verification = Good();
        breakIt(verification);
        var catalog = ShippedCatalog.Node();
        catalog["environments"]!["local"]!["verification"] = verification;

        var error = Assert.Throws<CatalogException>(() => Load(catalog));

        var at = "$.environments.local.verification" + (path.Length == 0 || path.StartsWith('[') ? path : "." + path);
        Assert.True(error.Problems.Any(p => p.JsonPath == at && p.Problem.Contains(problem, StringComparison.Ordinal)),
            $"no problem containing \"{problem}\" at {at}; got:\n{error.Message}");
    }

    [Fact]
    public void A_service_override_is_checked_at_its_own_path()
    {
        var catalog = ShippedCatalog.Node();
        var service = catalog["services"]!.AsObject().First(s => s.Value!["environments"]!.AsObject().ContainsKey("local")).Key;
        var verification = Good();
        verification["http"]![0]!["jsonPath"] = "$..conf";
        catalog["services"]![service]!["environments"]!["local"]!["verification"] = verification;

        var error = Assert.Throws<CatalogException>(() => Load(catalog));

        Assert.Contains(error.Problems, p => p.JsonPath == $"$.services.{service}.environments.local.verification.http[0].jsonPath");
    }
}
