using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Releases;
using Slipway.Trigger;

namespace Slipway.Tests.Trigger;

/// <summary>
/// Approvals through the trigger API: each token is bound to an actor, the child build host acts as that actor, and the body
/// cannot say who acts. Real HTTP on 127.0.0.1 and real build hosts running Approve against a file ledger.
/// </summary>
public sealed class TriggerApprovalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private const string Env = "local-staging";
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly Dictionary<string, string> TokenOf = new()
    {
        ["alice"] = "alice-token-0123456789abcdef", ["bob"] = "bob-token-0123456789abcdef", ["mallory"] = "mallory-token-0123456789abcdef",
    };

    [Fact]
    public async Task Two_actors_approve_through_the_api_each_once_as_their_token_says_and_a_stranger_is_refused()
    {
        using var temp = new TempDir();
        var catalog = ShippedCatalog.Node();
        catalog["environments"]![Env]!["gates"] = JsonNode.Parse("""{ "approvals": { "required": 2, "approvers": ["alice", "bob"] } }""");
        var catalogPath = temp.Combine("services.json");
        await File.WriteAllTextAsync(catalogPath, catalog.ToJsonString());
        var state = temp.Combine("state");
        // An approval is for a digest the predecessor ran.
        await new FileLedger(Path.Combine(state, "ledger")).AppendAsync(new LedgerEntry
        {
            Service = "greeting-web", Environment = "local", Action = LedgerActions.Deploy, Digest = Digest, Result = LedgerEntry.Succeeded,
        });
        var executor = new BuildProcessExecutor(new BuildHostCommand
        {
            Prefix = [BuildCli.Dll],
            Suffix = ["--catalog", catalogPath, "--state-directory", state],
            WorkingDirectory = RepoRoot.Path,
            // The server's own actor must not leak into the runs.
            Environment = new Dictionary<string, string?> { ["SLIPWAY_ACTOR"] = "server-user" },
        });
        await using var harness = await TriggerHarness.StartAsync(executor, catalogPath, TokensFile(temp, single: TriggerHarness.Token));
        var clients = TokenOf.ToDictionary(t => t.Key, t => harness.ClientWith(t.Value));
        async Task<JsonElement> Approve(string actor)
        {
            var id = (await harness.PostRunAsync(new { service = "greeting-web", env = Env, target = "Approve", digest = Digest }, clients[actor]))
                .GetProperty("id").GetString()!;
            return await harness.WaitForEndAsync(id, Deadline);
        }

        // A body that names the actor is refused before anything runs.
        using (var spoof = await clients["mallory"].PostAsync("/runs", new StringContent(
                   $$"""{"service":"greeting-web","env":"{{Env}}","target":"Approve","digest":"{{Digest}}","actor":"bob"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, spoof.StatusCode);
            Assert.Contains("unknown field 'actor'", (await spoof.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        var alice = await Approve("alice");
        Assert.Equal("succeeded", alice.GetProperty("state").GetString());
        Assert.Equal("alice", alice.GetProperty("actor").GetString());
        Assert.Equal(Digest, alice.GetProperty("digest").GetString());
        Assert.Equal("succeeded", (await Approve("bob")).GetProperty("state").GetString());

        var twice = await Approve("alice");
        Assert.Equal("failed", twice.GetProperty("state").GetString());
        Assert.Contains("alice already approved", await harness.Client.GetStringAsync($"/runs/{twice.GetProperty("id").GetString()}/log"));
        var stranger = await Approve("mallory");
        Assert.Equal("failed", stranger.GetProperty("state").GetString());
        Assert.Contains("mallory may not approve", await harness.Client.GetStringAsync($"/runs/{stranger.GetProperty("id").GetString()}/log"));

        var approvals = (await new FileLedger(Path.Combine(state, "ledger")).ReadAsync(Env)).Where(e => e.Action == LedgerActions.Approve).ToList();
        Assert.Equal(["alice", "bob"], approvals.Select(e => e.Actor).ToArray());
        Assert.All(approvals, e => Assert.Equal(Digest, e.Digest));
        foreach (var client in clients.Values) client.Dispose();
    }

    [Fact]
    public async Task A_run_acts_as_its_token_and_the_history_keeps_who_asked_and_what_for()
    {
        var executor = new GatedExecutor();
        using var temp = new TempDir();
        await using var harness = await TriggerHarness.StartAsync(executor, tokens: TokensFile(temp, single: TriggerHarness.Token));
        using var bob = harness.ClientWith(TokenOf["bob"]);
        var approve = await harness.PostRunAsync(new { service = "greeting-web", env = Env, target = "Approve", digest = Digest, withdraw = true }, bob);
        var deploy = await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy" });
        Assert.Equal("bob", approve.GetProperty("actor").GetString());
        Assert.True(approve.GetProperty("withdraw").GetBoolean());
        Assert.Equal(BearerTokens.SingleTokenActor, deploy.GetProperty("actor").GetString());
        executor.Release(approve.GetProperty("id").GetString()!);
        executor.Release(deploy.GetProperty("id").GetString()!);
        await harness.WaitForEndAsync(approve.GetProperty("id").GetString()!, Deadline);
        await harness.WaitForEndAsync(deploy.GetProperty("id").GetString()!, Deadline);

        // From the history, as a restarted server serves it.
        var stored = harness.Server.Scheduler.Find(approve.GetProperty("id").GetString()!)!.Spec;
        Assert.Equal(new RunSpec("greeting-web", Env, "Approve", null, null, false, "bob", Digest, null, Withdraw: true), stored);
    }

    [Fact]
    public void A_token_maps_to_its_own_actor_and_no_other()
    {
        using var temp = new TempDir();
        var tokens = TokensFile(temp, single: TriggerHarness.Token);
        Assert.Equal("alice", tokens.ActorOf("Bearer " + TokenOf["alice"]));
        Assert.Equal("mallory", tokens.ActorOf("bearer " + TokenOf["mallory"]));
        Assert.Equal(BearerTokens.SingleTokenActor, tokens.ActorOf("Bearer " + TriggerHarness.Token));
        Assert.Null(tokens.ActorOf("Bearer " + TokenOf["alice"] + "x"));
        Assert.Null(tokens.ActorOf("Basic " + TokenOf["alice"]));
        Assert.Null(tokens.ActorOf(null));
    }

    [Theory]
    [InlineData("alice: sha256:abc\n", "line 1", "not 'actor: sha256:<64 hex digits>'")]
    [InlineData("# team\nalice: sha256:{alice}\n\n-x: sha256:{bob}\n", "line 4", "not 'actor: sha256")]
    [InlineData("alice: sha256:{alice}\nalice: sha256:{bob}\n", "line 2", "the actor 'alice' has a token already")]
    [InlineData("alice: sha256:{alice}\nbob: sha256:{alice}\n", "alice and bob", "the same token")]
    [InlineData("# nobody yet\n", "tokens.txt", "has no token")]
    public void A_bad_tokens_file_is_refused_naming_the_line_and_never_a_hash(string text, string where, string problem)
    {
        using var temp = new TempDir();
        var path = temp.Combine("tokens.txt");
        File.WriteAllText(path, text.Replace("{alice}", HashOf(TokenOf["alice"])).Replace("{bob}", HashOf(TokenOf["bob"])));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var error = Assert.Throws<Slipway.Diagnostics.SlipwayException>(() => BearerTokens.From(null, path));
        Assert.Contains(where, error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain(HashOf(TokenOf["alice"]), error.Message);
    }

    [Fact]
    public void A_tokens_file_others_can_read_is_refused()
    {
        using var temp = new TempDir();
        var path = temp.Combine("tokens.txt");
        File.WriteAllText(path, $"alice: sha256:{HashOf(TokenOf["alice"])}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var error = Assert.Throws<Slipway.Diagnostics.SlipwayException>(() => BearerTokens.From(null, path));
        Assert.Contains($"chmod 600 {path}", error.Message);
    }

    [Fact]
    public void A_run_history_from_before_actors_opens_and_its_runs_have_no_actor()
    {
        using var temp = new TempDir();
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.Combine(RunStore.FileName)};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, service TEXT NOT NULL, env TEXT NOT NULL, target TEXT NOT NULL,
                    branch TEXT, commit_id TEXT, dry_run INTEGER NOT NULL, state TEXT NOT NULL, exit_code INTEGER, reason TEXT,
                    queued_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, pid INTEGER, pid_start_ticks INTEGER);
                INSERT INTO runs (service, env, target, dry_run, state, exit_code, queued_at) VALUES ('greeting-web', 'local', 'Deploy', 0, 'succeeded', 0, '2026-01-01T00:00:00.0000000+00:00');
                """;
            create.ExecuteNonQuery();
        }
        using var store = RunStore.Open(temp.Path);
        Assert.Equal(new RunSpec("greeting-web", "local", "Deploy", null, null, false), Assert.Single(store.Recent(5)).Spec);
        var next = store.Insert(new RunSpec("greeting-web", "local", "Approve", null, null, false, "bob", Digest), DateTimeOffset.UnixEpoch);
        Assert.Equal("bob", store.Find(next.Id)!.Spec.Actor);
    }

    /// <summary>A mode-600 tokens file with alice, bob and mallory, plus <paramref name="single"/> as --serve-token.</summary>
    private static BearerTokens TokensFile(TempDir temp, string? single = null)
    {
        var path = temp.Combine("tokens.txt");
        File.WriteAllLines(path, TokenOf.Select(t => $"{t.Key}: sha256:{HashOf(t.Value)}"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return BearerTokens.From(single, path);
    }

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
