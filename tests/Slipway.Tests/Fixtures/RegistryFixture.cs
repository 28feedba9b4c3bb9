using Slipway.Registry;

namespace Slipway.Tests.Fixtures;

/// <summary>Two real docker-registry instances on random loopback ports, shared by the "registry" collection.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public TestRegistry A { get; private set; } = null!;
    public TestRegistry B { get; private set; } = null!;

    /// <summary>Fast retries so failure tests stay quick.</summary>
    public static RegistryClientOptions FastOptions => new()
    {
        Retry = new RegistryRetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
    };

    public RegistryClient ClientA() => new(A.Url, insecure: true, options: FastOptions);
    public RegistryClient ClientB() => new(B.Url, insecure: true, options: FastOptions);

    /// <summary>A unique repository name per test.</summary>
    public static string Repo(string name) => $"ncerepo/{name}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(TestRegistry.StartAsync(), TestRegistry.StartAsync());
        (A, B) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
    }
}

[CollectionDefinition("registry")]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>;
