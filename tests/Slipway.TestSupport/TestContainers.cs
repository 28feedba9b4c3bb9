using Slipway.Processes;

namespace Slipway.TestSupport;

/// <summary>
/// Containers started with the docker CLI (/usr/bin/docker, host network) for tests; every one gets a unique
/// name and is removed on dispose.
/// </summary>
public sealed class TestContainers : IAsyncDisposable
{
    public const string Docker = Tools.Docker;
    private readonly List<string> _names = [];
    private readonly string _prefix = "slw-test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Starts <paramref name="image"/> detached with host networking and <paramref name="env"/>; returns the container name.</summary>
    public async Task<string> RunAsync(string suffix, string image, IReadOnlyDictionary<string, string> env)
    {
        var name = $"{_prefix}-{suffix}";
        _names.Add(name);
        var args = new List<string> { "run", "-d", "--name", name, "--network", "host" };
        foreach (var (key, value) in env) args.AddRange(["-e", $"{key}={value}"]);
        args.Add(image);
        await DockerAsync([.. args]);
        return name;
    }

    /// <summary>Runs the docker CLI; fails the test with its output when it exits non-zero.</summary>
    public static async Task<string> DockerAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync(Docker, args);
        result.EnsureSuccess();
        return result.StandardOutputText;
    }

    /// <summary>stdout and stderr of the container (docker logs).</summary>
    public static async Task<string> LogsAsync(string name)
    {
        var result = await ProcessRunner.RunAsync(Docker, ["logs", name]);
        return result.StandardOutputText + "\n" + result.StandardErrorText;
    }

    /// <summary>Polls <paramref name="check"/> until it returns true or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> check, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await check()) return true;
            await Task.Delay(100);
        }
        return await check();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _names)
            await ProcessRunner.RunAsync(Docker, ["rm", "-f", "-v", name]);
    }
}
