using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Trigger;

namespace Slipway.TestSupport;

/// <summary>
/// A trigger server on a free loopback port, with a client that carries the right token. Its state folder is a fresh
/// temporary one, or the one given (to start a server again on the history of an earlier one).
/// </summary>
public sealed class TriggerHarness : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";
    public static readonly string[] Targets = ["Setup", "Checkout", "MavenPackage", "ExplodeWar", "DockerBuild", "Push", "Deploy", "Test", "Approve", "Freeze"];

    public TriggerServer Server { get; private init; } = null!;
    public HttpClient Client { get; private init; } = null!;
    /// <summary>The state folder; the run history is in its trigger/ folder.</summary>
    public string StateDirectory { get; private init; } = null!;
    private TempDir? _ownState;

    public static async Task<TriggerHarness> StartWithTokenAsync(string token) =>
        await StartAsync(new GatedExecutor(), tokens: BearerTokens.Single(token));

    /// <param name="tokens">The tokens the server accepts; default: <see cref="Token"/> alone, as the actor "trigger".</param>
    public static async Task<TriggerHarness> StartAsync(IRunExecutor executor, string? catalogPath = null, BearerTokens? tokens = null,
        string? stateDirectory = null, int keepRuns = 200)
    {
        var catalog = catalogPath ?? RepoRoot.Combine("services.json");
        var ownState = stateDirectory is null ? new TempDir() : null;
        var state = stateDirectory ?? ownState!.Path;
        TriggerServer server;
        try
        {
            server = await TriggerServer.StartAsync(new TriggerServerOptions
            {
                Port = FreePort.Next(),
                Tokens = tokens ?? BearerTokens.Single(Token),
                Validator = new RunRequestValidator(Targets, () => CatalogLoader.Load(catalog, DeployModes.Shipped)),
                Executor = executor,
                StateDirectory = state,
                KeepRuns = keepRuns,
            });
        }
        catch
        {
            ownState?.Dispose();
            throw;
        }
        return new TriggerHarness { Server = server, Client = NewClient(server.Url, Token), StateDirectory = state, _ownState = ownState };
    }

    /// <summary>A client of this server that carries <paramref name="token"/>; the caller disposes it.</summary>
    public HttpClient ClientWith(string token) => NewClient(Server.Url, token);

    private static HttpClient NewClient(Uri url, string token)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(3) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>POSTs a run and returns its status (throwing unless 202 with the run's Location header).</summary>
    public async Task<JsonElement> PostRunAsync(object body, HttpClient? client = null)
    {
        using var response = await (client ?? Client).PostAsJsonAsync("/runs", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            throw new InvalidOperationException($"expected 202, got {(int)response.StatusCode}: {text}");
        var status = JsonDocument.Parse(text).RootElement.Clone();
        var location = $"/runs/{status.GetProperty("id").GetString()}";
        if (response.Headers.Location?.OriginalString != location)
            throw new InvalidOperationException($"expected Location {location}, got {response.Headers.Location}");
        return status;
    }

    public async Task<JsonElement> StatusAsync(string id) =>
        JsonDocument.Parse(await Client.GetStringAsync($"/runs/{id}")).RootElement.Clone();

    /// <summary>Waits (within <paramref name="deadline"/>) for the run to end, then reads its status through the API.</summary>
    public async Task<JsonElement> WaitForEndAsync(string id, TimeSpan deadline)
    {
        var run = Server.Scheduler.Find(id) ?? throw new InvalidOperationException($"no run {id}");
        try { await run.Finished.WaitAsync(deadline); }
        catch (TimeoutException) { throw new TimeoutException($"run {id} did not end within {deadline}:\n{run.Log.Text}"); }
        return await StatusAsync(id);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _ownState?.Dispose();
    }
}
