using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>A YAML apply body as a JSON tree (scalars as strings): enough to see which fields were sent.</summary>
public static class FakeYaml
{
    public static JsonNode ToJson(string yaml) => Convert(new DeserializerBuilder().Build().Deserialize<object?>(yaml))
                                                  ?? throw FakeApiError.BadRequest("empty body");

    private static JsonNode? Convert(object? value) => value switch
    {
        IDictionary<object, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key.ToString()!, Convert(kv.Value)))),
        IList<object?> list => new JsonArray(list.Select(Convert).ToArray()),
        null => null,
        _ => JsonValue.Create(value.ToString()),
    };
}
