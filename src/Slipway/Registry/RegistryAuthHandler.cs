using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Slipway.Registry;

/// <summary>
/// Answers registry 401 challenges: Basic (with the configured credentials) or Bearer (fetches a token from the
/// challenge's realm with service/scope, authenticating with the credentials when present, anonymously otherwise).
/// Tokens are cached per registry + scope set until shortly before they expire; once a registry asked for Basic,
/// Basic is sent up front. Any request whose body can be sent again (none, or a byte-array body such as a manifest PUT)
/// is re-sent once after a challenge; streamed uploads rely on the token cached by the preceding upload-session POST
/// (same scope set). A request that carries a granted token is marked with <see cref="GrantedToken.Key"/>, so a 401 to it
/// can say that the token was granted and then refused. Never logs credentials or tokens.
/// </summary>
internal sealed partial class RegistryAuthHandler : DelegatingHandler
{
    private readonly RegistryCredentials? _credentials;
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new();
    private volatile bool _basic;

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt, GrantedToken Grant);

    public RegistryAuthHandler(RegistryCredentials? credentials) => _credentials = credentials;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var scopes = ScopesFor(request);
        var key = CacheKey(request.RequestUri!, scopes);
        var hadAuth = ApplyCached(request, key);
        // Inner handlers may wrap the content (byte counting): keep the original to know whether it can be sent again.
        var content = request.Content;
        var response = await base.SendAsync(request, ct);
        response.RequestMessage ??= request; // read by RegistryException for the token it carried
        if (response.StatusCode != HttpStatusCode.Unauthorized || !CanReplay(content)) return response;

        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
        if (challenge is null) return response;

        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (_credentials is null || (hadAuth && _basic)) return response;
            _basic = true;
            response.Dispose();
            request.Content = content;
            request.Headers.Authorization = BasicHeader();
            return await base.SendAsync(request, ct);
        }

        if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var p = ParseParameters(challenge.Parameter);
            if (!p.TryGetValue("realm", out var realm)) return response;
            var challenged = p.TryGetValue("scope", out var challengeScope) ? challengeScope.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            var wanted = MergeScopes(scopes.Concat(challenged));
            p.TryGetValue("service", out var service);
            var token = await FetchTokenAsync(realm, service, wanted, ct);
            if (token is null) return response;
            _tokens[key] = token;
            response.Dispose();
            request.Content = content;
            ApplyToken(request, token);
            var retried = await base.SendAsync(request, ct);
            retried.RequestMessage ??= request;
            return retried;
        }
        return response;
    }

    private bool ApplyCached(HttpRequestMessage request, string key)
    {
        if (_tokens.TryGetValue(key, out var t) && t.ExpiresAt > DateTimeOffset.UtcNow)
        {
            ApplyToken(request, t);
            return true;
        }
        if (_basic && _credentials is not null)
        {
            request.Headers.Authorization = BasicHeader();
            return true;
        }
        return false;
    }

    private static void ApplyToken(HttpRequestMessage request, CachedToken token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        request.Options.Set(GrantedToken.Key, token.Grant);
    }

    private AuthenticationHeaderValue BasicHeader() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials!.Username}:{_credentials.Password}")));

    private async Task<CachedToken?> FetchTokenAsync(string realm, string? service, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(service)) query.Add("service=" + Uri.EscapeDataString(service));
        query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        var sep = realm.Contains('?') ? "&" : "?";
        var uri = new Uri(realm + (query.Count > 0 ? sep + string.Join("&", query) : ""));
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, uri);
        if (_credentials is not null) tokenRequest.Headers.Authorization = BasicHeader();
        using var response = await base.SendAsync(tokenRequest, ct);
        if (!response.IsSuccessStatusCode) return null;
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = doc.RootElement;
        var token = root.TryGetProperty("token", out var t) ? t.GetString()
                  : root.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        if (string.IsNullOrEmpty(token)) return null;
        var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var secs) && secs > 0 ? secs : 60;
        // Renew 10% early (at least 5 s) so a token never expires mid-request.
        var margin = Math.Max(5, lifetime / 10);
        return new CachedToken(token, DateTimeOffset.UtcNow.AddSeconds(Math.Max(1, lifetime - margin)), new GrantedToken(realm, scopes));
    }

    /// <summary>Scopes a request needs: pull for reads, pull+push for writes, plus pull on a mount's source.</summary>
    internal static IReadOnlyList<string> ScopesFor(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        var m = RepoPathRegex().Match(path);
        if (!m.Success) return [];
        var repo = m.Groups["repo"].Value;
        var read = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
        var scopes = new List<string> { $"repository:{repo}:{(read ? "pull" : "pull,push")}" };
        if (request.Method == HttpMethod.Delete) scopes[0] = $"repository:{repo}:delete";
        var query = request.RequestUri.Query;
        var from = Regex.Match(query, @"[?&]from=([^&]+)");
        if (from.Success) scopes.Add($"repository:{Uri.UnescapeDataString(from.Groups[1].Value)}:pull");
        return scopes;
    }

    /// <summary>
    /// One scope per resource with the union of its actions, in first-seen order: the registry's challenge may spell a
    /// scope this side already asks for differently ("push,pull" for "pull,push").
    /// </summary>
    internal static IReadOnlyList<string> MergeScopes(IEnumerable<string> scopes)
    {
        var actions = new Dictionary<string, List<string>>();
        var order = new List<string>();
        foreach (var scope in scopes)
        {
            var cut = scope.LastIndexOf(':');
            if (cut <= 0) { if (!order.Contains(scope)) order.Add(scope); continue; }
            var resource = scope[..cut];
            if (!actions.TryGetValue(resource, out var list))
            {
                actions[resource] = list = [];
                order.Add(resource);
            }
            foreach (var action in scope[(cut + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (!list.Contains(action)) list.Add(action);
        }
        return order.Select(r => actions.TryGetValue(r, out var list) ? $"{r}:{string.Join(",", list)}" : r).ToList();
    }

    private static string CacheKey(Uri uri, IReadOnlyList<string> scopes) => uri.Authority + "|" + string.Join(" ", scopes.Order(StringComparer.Ordinal));

    private static bool CanReplay(HttpContent? content) => content is null or ByteArrayContent;

    internal static Dictionary<string, string> ParseParameters(string? parameter)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(parameter)) return result;
        foreach (Match m in ParamRegex().Matches(parameter))
            result[m.Groups["k"].Value] = m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["v"].Value;
        return result;
    }

    [GeneratedRegex(@"^/v2/(?<repo>.+?)/(manifests|blobs|tags)(/|$)")]
    private static partial Regex RepoPathRegex();

    [GeneratedRegex(@"(?<k>[A-Za-z_]+)=(?:""(?<q>[^""]*)""|(?<v>[^,\s]+))")]
    private static partial Regex ParamRegex();
}

/// <summary>The bearer token a request carried: the token service (realm) that granted it and the scopes it was asked for.</summary>
internal sealed record GrantedToken(string Realm, IReadOnlyList<string> Scopes)
{
    public static readonly HttpRequestOptionsKey<GrantedToken> Key = new("slipway.granted-token");
}
