using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Diagnostics;

namespace Slipway.Tests.Catalog;

public class CatalogLoaderTests
{
    [Fact]
    public void Shipped_catalog_loads_and_validates()
    {
        var catalog = ShippedCatalog.Load();

        Assert.Equal("UTC", catalog.TimeZone);
        Assert.Contains("nce-api", catalog.Services.Keys);
        Assert.Equal("static-pod", catalog.Environments["test"].Mode);
        Assert.Equal(System.IO.Path.GetDirectoryName(ShippedCatalog.Path), catalog.BaseDirectory);
    }

    [Fact]
    public void Shipped_catalog_references_the_schema()
    {
        Assert.Equal("./services.schema.json", (string?)ShippedCatalog.Node()["$schema"]);
    }

    [Fact]
    public void Embedded_schema_is_the_root_file()
    {
        var rootSchema = File.ReadAllText(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ShippedCatalog.Path)!, "services.schema.json"));
        Assert.Equal(rootSchema, CatalogSchema.Text);
    }

    [Fact]
    public void Folder_path_loads_its_services_json()
    {
        var catalog = CatalogLoader.Load(System.IO.Path.GetDirectoryName(ShippedCatalog.Path)!, DeployModes.Shipped);
        Assert.NotEmpty(catalog.Services);
    }

    [Fact]
    public void Missing_file_names_the_path_and_the_catalog_option()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "services.json");

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load(path, DeployModes.Shipped));

        Assert.IsAssignableFrom<SlipwayException>(error);
        Assert.Contains(path, error.Message);
        Assert.Contains("--catalog PATH", error.Message);
    }

    [Fact]
    public void Invalid_json_reports_line_and_position()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFromJson("{\n  \"timeZone\": \"UTC\"\n  \"services\": {}\n}", "/tmp", "broken.json", DeployModes.Shipped));

        Assert.Contains("broken.json", error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Contains("position", error.Message);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var json = "// the catalog\n" + ShippedCatalog.Json.TrimEnd().TrimEnd('}') + ", }";
        json = json.Replace("\"timeZone\": \"UTC\",", "\"timeZone\": \"UTC\", /* why: reproducible tags */");

        var catalog = CatalogLoader.LoadFromJson(json, "/srv", "commented.json", DeployModes.Shipped);

        Assert.Equal("/srv", catalog.BaseDirectory);
    }

    [Fact]
    public void All_problems_are_listed_each_with_file_path_problem_and_fix()
    {
        var node = ShippedCatalog.Node();
        node["services"]!["nce-api"]!["prot"] = 1;
        node["environments"]!["test"]!["registry"] = "nope";

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFromJson(node.ToJsonString(), "/tmp", "multi.json", DeployModes.Shipped));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("multi.json: $.services.nce-api.prot: unknown field 'prot'. Fix: remove it or check the spelling", error.Message);
        Assert.Contains("multi.json: $.environments.test.registry: unknown registry 'nope'. Fix: use one of the registries entries: local, local-b, hub", error.Message);
    }

    [Fact]
    public void Null_sections_are_reported_not_crashed_on()
    {
        var node = ShippedCatalog.Node();
        node["defaults"] = null;

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFromJson(node.ToJsonString(), "/tmp", "services.json", DeployModes.Shipped));

        Assert.Contains(error.Problems, p => p.JsonPath == "$.defaults" && p.Problem.Contains("wrong type"));
    }

    [Fact]
    public void Every_schema_property_has_a_description_and_objects_are_closed()
    {
        var schema = JsonNode.Parse(CatalogSchema.Text)!;
        var gaps = new List<string>();
        Walk(schema, "#");
        Assert.Empty(gaps);

        void Walk(JsonNode? node, string path)
        {
            if (node is not JsonObject obj) return;
            if (obj["properties"] is JsonObject properties)
            {
                if (obj["additionalProperties"] is not JsonValue closed || closed.GetValue<bool>()) gaps.Add(path + ": additionalProperties is not false");
                gaps.AddRange(properties.Where(p => p.Value?["description"] is null).Select(p => $"{path}/properties/{p.Key}: no description"));
            }
            foreach (var (key, child) in obj) Walk(child, $"{path}/{key}");
        }
    }
}
