using System.Net;
using k8s;
using k8s.Models;
using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>
/// A stand-in for one node's kubelet and its git sync: a post-receive hook in the bare manifests repository calls it on
/// every push, and it runs the node's Pod manifest for one service with the local docker engine as a kubelet would (host
/// network, the image by digest, the manifest's environment), replacing the container when the manifest changed. The push
/// returns once the container is replaced, so a health check after it never meets the container it replaced.
/// </summary>
public sealed class StaticPodKubelet : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _repository;
    private readonly string _manifest;
    private string? _running;

    /// <summary>The container running the manifest (one name for every version, as one Pod per service and node).</summary>
    public string ContainerName { get; }

    private StaticPodKubelet(string repository, string node, string service, int port)
    {
        (_repository, _manifest, ContainerName) = (repository, $"main:{node}/{service}.yaml", $"slipway-kubelet-{node}-{service}-{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    /// <summary>Starts the stand-in for <paramref name="node"/>'s manifest of <paramref name="service"/> in the bare repository (branch main).</summary>
    public static async Task<StaticPodKubelet> StartAsync(string bareRepository, string node, string service)
    {
        var kubelet = new StaticPodKubelet(bareRepository, node, service, FreePort.Next());
        var hook = Path.Combine(bareRepository, "hooks", "post-receive");
        await File.WriteAllTextAsync(hook, $"#!/bin/sh\ncurl -fsS -o /dev/null {kubelet._listener.Prefixes.First()}sync\n");
        File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return kubelet;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try
            {
                await SyncAsync();
                context.Response.StatusCode = 200;
            }
            catch (Exception e)
            {
                context.Response.StatusCode = 500;
                await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(e.Message));
            }
            context.Response.Close();
        }
    }

    private async Task SyncAsync()
    {
        var shown = await ProcessRunner.RunAsync("git", ["--git-dir", _repository, "show", _manifest]);
        var manifest = shown.Succeeded ? shown.StandardOutputText : null;
        if (manifest == _running) return;
        await RemoveContainerAsync();
        _running = manifest;
        if (manifest is null) return;
        var container = KubernetesYaml.Deserialize<V1Pod>(manifest).Spec.Containers[0];
        var env = (container.Env ?? []).SelectMany(v => new[] { "-e", $"{v.Name}={v.Value}" });
        (await ProcessRunner.RunAsync("docker", ["run", "-d", "--name", ContainerName, "--network", "host", .. env, container.Image])).EnsureSuccess();
    }

    private Task RemoveContainerAsync() => ProcessRunner.RunAsync("docker", ["rm", "-f", ContainerName]);

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await RemoveContainerAsync();
    }
}
