using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Chain;
using Slipway.Diagnostics;

namespace Slipway.Trigger;

/// <summary>What the trigger service needs: where to listen, the token, and how runs are checked and executed.</summary>
public sealed record TriggerServerOptions
{
    /// <summary>The address to bind; loopback by default. Any other address exposes the API to the network.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    /// <summary>The TCP port; 0 picks a free one (see <see cref="TriggerServer.Url"/>).</summary>
    public int Port { get; init; }
    /// <summary>The bearer tokens a request may carry, each bound to the actor the request's runs act as.</summary>
    public required BearerTokens Tokens { get; init; }
    /// <summary>Checks request bodies.</summary>
    public required RunRequestValidator Validator { get; init; }
    /// <summary>Executes the runs.</summary>
    public required IRunExecutor Executor { get; init; }
    /// <summary>How many runs <c>GET /runs</c> lists at most.</summary>
    public int RecentRuns { get; init; } = 50;
    /// <summary>The state folder (<c>.slipway</c>); the run history goes to its <c>trigger/</c> folder.</summary>
    public required string StateDirectory { get; init; }
    /// <summary>How many finished runs the history keeps, with their logs.</summary>
    public int KeepRuns { get; init; } = 200;
}

/// <summary>
/// The build trigger service: an HTTP API (Kestrel) to request runs of the build, follow their logs and list them.
/// <c>POST /runs</c>, <c>GET /runs</c>, <c>GET /runs/{id}</c>, <c>GET /runs/{id}/log</c>; every request needs
/// <c>Authorization: Bearer &lt;token&gt;</c>, and a run acts as that token's actor.
/// </summary>
public sealed class TriggerServer : IAsyncDisposable
{
    /// <summary>The environment variable that holds the token (the build's <c>--serve-token</c>).</summary>
    public const string TokenVariable = "SLIPWAY_SERVE_TOKEN";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Error messages quote names ('x'); keep them readable rather than \u0027-escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The request reader asks it for RunRequest's field names.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private readonly WebApplication _app;
    private readonly TriggerServerOptions _options;
    private readonly BearerTokens _tokens;
    private readonly RunStore _store;
    private readonly RunRequestReader _reader = new(Json);
    private static readonly object ActorKey = new();

    /// <summary>The runs of this server.</summary>
    public RunScheduler Scheduler { get; }

    /// <summary>The base URL the server listens on, e.g. <c>http://127.0.0.1:8090</c>; set by <see cref="StartAsync"/>.</summary>
    public Uri Url { get; private set; } = null!;

    private TriggerServer(TriggerServerOptions options)
    {
        _options = options;
        _tokens = options.Tokens;
        _store = RunStore.Open(new WorkspacePaths(options.StateDirectory).Trigger);
        try { Scheduler = new RunScheduler(options.Executor, _store, keepRuns: options.KeepRuns); }
        catch { _store.Dispose(); throw; }
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(options.Address, options.Port));
        _app = builder.Build();
        _app.Use(RequireToken);
        _app.MapPost("/runs", PostRun);
        _app.MapGet("/runs", ListRuns);
        _app.MapGet("/runs/{id}", GetRun);
        _app.MapGet("/runs/{id}/log", StreamLog);
    }

    /// <summary>Starts listening; the returned server serves until disposed.</summary>
    public static async Task<TriggerServer> StartAsync(TriggerServerOptions options, CancellationToken ct = default)
    {
        var server = new TriggerServer(options);
        try
        {
            await server._app.StartAsync(ct);
        }
        catch (IOException exception)
        {
            await server.DisposeAsync();
            throw SlipwayException.Input($"--port {options.Port}", $"cannot listen on {options.Address}:{options.Port} ({exception.Message})",
                "pick a free port or stop what listens there");
        }
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal));
        return server;
    }

    private async Task RequireToken(HttpContext context, Func<Task> next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (_tokens.ActorOf(header) is { } actor)
        {
            context.Items[ActorKey] = actor;
            await next();
            return;
        }
        var missing = string.IsNullOrEmpty(header);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = missing
            ? "Bearer realm=\"slipway\""
            : "Bearer realm=\"slipway\", error=\"invalid_token\"";
        await context.Response.WriteAsJsonAsync(new ApiError(missing
            ? "This API needs a bearer token: send 'Authorization: Bearer <token>' (the server's --serve-token, or your own from its --serve-tokens-file)."
            : "The bearer token is wrong."), Json);
    }

    private async Task PostRun(HttpContext context)
    {
        RunSpec spec;
        try
        {
            var request = await _reader.ReadAsync(context.Request.Body, context.Request.ContentLength, context.RequestAborted);
            spec = _options.Validator.Validate(request, (string)context.Items[ActorKey]!);
        }
        catch (RunRequestReader.TooLargeException)
        {
            await WriteError(context, 413, $"request body: it is larger than the {RunRequestLimits.BodyBytes} bytes allowed. " +
                $"Fix: send only the fields {_reader.Fields} (a run request is well under 1 KiB)");
            return;
        }
        catch (JsonException exception)
        {
            await WriteError(context, 400, $"request body: it is not valid JSON ({exception.Message}). Fix: send a JSON object like " +
                "{\"service\":\"S\",\"env\":\"E\",\"target\":\"Deploy\"}");
            return;
        }
        catch (SlipwayException exception)
        {
            await WriteError(context, 400, exception.Message);
            return;
        }
        var run = Scheduler.Submit(spec);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers.Location = $"/runs/{run.Id}";
        await context.Response.WriteAsJsonAsync(run.Snapshot(), Json);
    }

    private Task ListRuns(HttpContext context) =>
        context.Response.WriteAsJsonAsync(Scheduler.Recent(_options.RecentRuns).Select(r => r.Snapshot()).ToList(), Json);

    private Task GetRun(HttpContext context, string id) =>
        Scheduler.Find(id) is { } run
            ? context.Response.WriteAsJsonAsync(run.Snapshot(), Json)
            : WriteError(context, 404, $"run '{id}': there is no such run. Fix: list the runs with GET /runs");

    /// <summary>Chunked text/plain: every line so far, then new ones as the run writes them, until it ends.</summary>
    private async Task StreamLog(HttpContext context, string id)
    {
        if (Scheduler.Find(id) is not { } run)
        {
            await WriteError(context, 404, $"run '{id}': there is no such run. Fix: list the runs with GET /runs");
            return;
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            await foreach (var line in run.Log.FollowAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The reader left; the run goes on.
        }
    }

    private static async Task WriteError(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new ApiError(message), Json);
    }

    /// <summary>Stops listening, then stops the runs still going.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Scheduler.DisposeAsync();
        _store.Dispose();
    }

    private sealed record ApiError(string Error);
}
