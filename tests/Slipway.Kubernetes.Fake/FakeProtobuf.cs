using System.Text;
using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Reads the protobuf bodies kubectl's typed commands send (<c>kubectl create namespace</c>, <c>kubectl create secret</c>):
/// the <c>k8s\0</c> envelope of runtime.Unknown around a Namespace or Secret, turned into the JSON the routes read. Other kinds
/// get 415, as a server that does not speak protobuf for them answers.
/// </summary>
public static class FakeProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static string ToJson(byte[] body)
    {
        if (!body.AsSpan().StartsWith(Magic)) throw FakeApiError.BadRequest("the protobuf body does not start with the k8s envelope");
        var unknown = Fields(body.AsMemory(Magic.Length));
        var typeMeta = Fields(Bytes(unknown, 1));
        var (apiVersion, kind) = (Text(typeMeta, 1), Text(typeMeta, 2));
        var raw = Fields(Bytes(unknown, 2));
        var json = kind switch
        {
            "Namespace" => new JsonObject { ["metadata"] = Metadata(raw) },
            "Secret" => Secret(raw),
            _ => throw new FakeApiError(415, "UnsupportedMediaType",
                $"the fake reads protobuf bodies of Namespaces and Secrets only, not {kind}: accepted media types include: application/json, application/yaml"),
        };
        json["apiVersion"] = apiVersion;
        json["kind"] = kind;
        return json.ToJsonString();
    }

    private static JsonObject Secret(ILookup<int, ReadOnlyMemory<byte>> secret)
    {
        var json = new JsonObject { ["metadata"] = Metadata(secret) };
        if (Map(secret, 2, v => Convert.ToBase64String(v.Span)) is { Count: > 0 } data) json["data"] = data;
        if (Text(secret, 3) is { Length: > 0 } type) json["type"] = type;
        if (Map(secret, 4, v => Encoding.UTF8.GetString(v.Span)) is { Count: > 0 } stringData) json["stringData"] = stringData;
        return json;
    }

    /// <summary>ObjectMeta: name 1, generateName 2, namespace 3, labels 11, annotations 12 (what a create sends).</summary>
    private static JsonObject Metadata(ILookup<int, ReadOnlyMemory<byte>> owner)
    {
        var meta = Fields(Bytes(owner, 1));
        var json = new JsonObject();
        foreach (var (field, name) in new[] { (1, "name"), (2, "generateName"), (3, "namespace") })
            if (Text(meta, field) is { Length: > 0 } value) json[name] = value;
        if (Map(meta, 11, v => Encoding.UTF8.GetString(v.Span)) is { Count: > 0 } labels) json["labels"] = labels;
        if (Map(meta, 12, v => Encoding.UTF8.GetString(v.Span)) is { Count: > 0 } annotations) json["annotations"] = annotations;
        return json;
    }

    /// <summary>A protobuf map: repeated entries with the key in field 1 and the value in field 2.</summary>
    private static JsonObject Map(ILookup<int, ReadOnlyMemory<byte>> fields, int number, Func<ReadOnlyMemory<byte>, string> value)
    {
        var map = new JsonObject();
        foreach (var entry in fields[number].Select(Fields))
            map[Text(entry, 1) ?? ""] = value(Bytes(entry, 2));
        return map;
    }

    private static ReadOnlyMemory<byte> Bytes(ILookup<int, ReadOnlyMemory<byte>> fields, int number) =>
        fields[number].LastOrDefault();

    private static string? Text(ILookup<int, ReadOnlyMemory<byte>> fields, int number) =>
        fields.Contains(number) ? Encoding.UTF8.GetString(fields[number].Last().Span) : null;

    /// <summary>The length-delimited fields of one message by number (varint and fixed fields are skipped: no kind here needs them).</summary>
    private static ILookup<int, ReadOnlyMemory<byte>> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message.Span, ref position);
            var (number, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0: Varint(message.Span, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    if (length < 0 || position + length > message.Length) throw FakeApiError.BadRequest("a protobuf field runs past the end of the body");
                    fields.Add((number, message.Slice(position, length)));
                    position += length;
                    break;
                default: throw FakeApiError.BadRequest($"protobuf wire type {wireType} is not supported");
            }
        }
        return fields.ToLookup(f => f.Item1, f => f.Item2);
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length) throw FakeApiError.BadRequest("a protobuf varint runs past the end of the body");
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        throw FakeApiError.BadRequest("a protobuf varint is longer than 10 bytes");
    }
}
