using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// core/v1 Secrets, namespaced: create (409 AlreadyExists), get, list, PUT (409 on a stale resourceVersion), merge and
/// JSON patch, server-side apply (creates or merges; no field ownership), delete. As the real server: <c>data</c> is
/// base64 on the wire, <c>stringData</c> is folded into <c>data</c> and never stored, <c>type</c> defaults to Opaque and
/// cannot change, keys must be valid config keys, the kubernetes.io/tls and dockerconfigjson types need their keys, and
/// an <c>immutable</c> Secret's data cannot change. Callers hold <see cref="FakeCluster.Gate"/>.
/// </summary>
public sealed partial class FakeSecretStore(FakeCluster cluster)
{
    private const string Resource = "secrets";

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    private static readonly Dictionary<string, string[]> RequiredKeys = new()
    {
        ["kubernetes.io/tls"] = ["tls.crt", "tls.key"],
        ["kubernetes.io/dockerconfigjson"] = [".dockerconfigjson"],
        ["kubernetes.io/dockercfg"] = [".dockercfg"],
    };

    public (int Code, object Body) Handle(FakeRequest request, string ns, string? name) => (request.Method, name) switch
    {
        ("GET", null) => (200, List(ns, request["labelSelector"])),
        ("POST", null) => (201, Create(ns, Parse(request, ns))),
        ("GET", { } n) => (200, Get(ns, n)),
        ("PUT", { } n) => (200, Replace(ns, n, Parse(request, ns))),
        ("PATCH", { } n) => Patch(request, ns, n),
        ("DELETE", { } n) => (200, Delete(ns, n)),
        _ => throw new FakeApiError(405, "MethodNotAllowed", $"{request.Method} is not allowed on {Resource}"),
    };

    public V1SecretList List(string ns, string? selector) => new()
    {
        ApiVersion = "v1", Kind = "SecretList", Metadata = new V1ListMeta { ResourceVersion = cluster.NextResourceVersion() },
        Items = cluster.Secrets.Where(kv => kv.Key.Ns == ns && FakeLabels.Matches(kv.Value.Metadata.Labels, selector))
            .Select(kv => FakeJson.Clone(kv.Value)).ToList(),
    };

    private V1Secret Get(string ns, string name) =>
        cluster.Secrets.TryGetValue((ns, name), out var s) ? FakeJson.Clone(s) : throw FakeApiError.NotFound(Resource, name);

    private V1Secret Create(string ns, V1Secret secret)
    {
        cluster.RequireNamespace(ns);
        var name = secret.Metadata?.Name ?? "";
        if (name.Length is 0 or > 253 || !Dns1123Subdomain().IsMatch(name))
            throw FakeApiError.Invalid("Secret", name, [("metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character")]);
        if (cluster.Secrets.ContainsKey((ns, name))) throw FakeApiError.AlreadyExists(Resource, name);
        var stored = Normalize(secret);
        stored.Type ??= "Opaque";
        Validate(stored, null);
        cluster.StampNew(stored.Metadata, ns);
        cluster.Secrets[(ns, name)] = stored;
        return FakeJson.Clone(stored);
    }

    private V1Secret Replace(string ns, string name, V1Secret body)
    {
        if (!cluster.Secrets.TryGetValue((ns, name), out var existing)) throw FakeApiError.NotFound(Resource, name);
        if (body.Metadata?.ResourceVersion is { Length: > 0 } rv && rv != existing.Metadata.ResourceVersion) throw FakeApiError.Conflict(Resource, name);
        var next = Normalize(body);
        next.Metadata = FakeJson.Clone(existing.Metadata);
        next.Metadata.Labels = body.Metadata?.Labels;
        next.Metadata.Annotations = body.Metadata?.Annotations;
        return Update(existing, next);
    }

    private (int, object) Patch(FakeRequest request, string ns, string name)
    {
        var apply = request.MediaType == "application/apply-patch+yaml";
        if (!cluster.Secrets.TryGetValue((ns, name), out var existing))
        {
            if (!apply) throw FakeApiError.NotFound(Resource, name);
            return (201, Create(ns, ParseApply(request, name)));
        }
        var current = FakeJson.ToNode(existing);
        var patched = request.MediaType switch
        {
            "application/json-patch+json" => FakeJsonPatch.ApplyJsonPatch(current, request.JsonBody().AsArray()),
            "application/merge-patch+json" or "application/strategic-merge-patch+json" => FakeJsonPatch.ApplyMergePatch(current, request.JsonBody())!,
            "application/apply-patch+yaml" => FakeJsonPatch.ApplyMergePatch(current, FakeJson.ToNode(ParseApply(request, name)))!,
            _ => throw new FakeApiError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got '{request.MediaType}')"),
        };
        var next = Normalize(FakeJson.FromNode<V1Secret>(patched));
        if (next.Metadata.ResourceVersion != existing.Metadata.ResourceVersion) throw FakeApiError.Conflict(Resource, name);
        return (200, Update(existing, next));
    }

    private object Delete(string ns, string name)
    {
        if (!cluster.Secrets.Remove((ns, name), out var gone)) throw FakeApiError.NotFound(Resource, name);
        return new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success",
            ["details"] = new JsonObject { ["name"] = name, ["kind"] = Resource, ["uid"] = gone.Metadata.Uid },
        };
    }

    private V1Secret Update(V1Secret existing, V1Secret next)
    {
        next.Type ??= existing.Type;
        Validate(next, existing);
        next.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
        if (FakeJson.Canonical(next) == FakeJson.Canonical(existing)) return FakeJson.Clone(existing);
        next.Metadata.ResourceVersion = cluster.NextResourceVersion();
        cluster.Secrets[(existing.Metadata.NamespaceProperty, existing.Metadata.Name)] = next;
        return FakeJson.Clone(next);
    }

    /// <summary>A copy as stored: kind set, stringData folded into data (it wins over data, as on a cluster).</summary>
    private static V1Secret Normalize(V1Secret secret)
    {
        var stored = FakeJson.Clone(secret);
        stored.ApiVersion = "v1";
        stored.Kind = "Secret";
        stored.Metadata ??= new V1ObjectMeta();
        if (stored.StringData is { Count: > 0 } strings)
        {
            stored.Data ??= new Dictionary<string, byte[]>();
            foreach (var (key, value) in strings) stored.Data[key] = Encoding.UTF8.GetBytes(value);
        }
        stored.StringData = null;
        return stored;
    }

    private static void Validate(V1Secret secret, V1Secret? existing)
    {
        var name = secret.Metadata.Name;
        var causes = new List<(string, string)>();
        foreach (var key in secret.Data?.Keys ?? [])
            if (!ConfigKey().IsMatch(key))
                causes.Add(($"data[{key}]", $"Invalid value: \"{key}\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
        foreach (var key in RequiredKeys.GetValueOrDefault(secret.Type ?? "") ?? [])
            if (secret.Data?.ContainsKey(key) != true) causes.Add(($"data[{key}]", "Required value"));
        if (existing is not null && existing.Type != secret.Type)
            causes.Add(("type", $"Invalid value: \"{secret.Type}\": field is immutable"));
        if (existing?.Immutable == true && FakeJson.Canonical(existing.Data) != FakeJson.Canonical(secret.Data))
            causes.Add(("data", "Forbidden: field is immutable when `immutable` is set"));
        if (existing?.Immutable == true && secret.Immutable != true)
            causes.Add(("immutable", "Forbidden: field is immutable when `immutable` is set"));
        if (causes.Count > 0) throw FakeApiError.Invalid("Secret", name, causes);
    }

    private static V1Secret Parse(FakeRequest request, string ns)
    {
        var secret = FakeJson.Parse<V1Secret>(request.Body);
        FakeStrictDecoding.Check(request, secret, "Secret", ns, secret.Metadata?.Name ?? "", apply: false);
        return secret;
    }

    private static V1Secret ParseApply(FakeRequest request, string name)
    {
        if (string.IsNullOrEmpty(request["fieldManager"]))
            throw FakeApiError.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        var applied = request.Body.TrimStart().StartsWith('{') ? FakeJson.Parse<V1Secret>(request.Body) : KubernetesYaml.Deserialize<V1Secret>(request.Body);
        if (applied.Metadata?.Name != name) throw FakeApiError.BadRequest("the name of the object does not match the name on the URL");
        return applied;
    }
}
