namespace Slipway.Tests.Fixtures;

/// <summary>One <see cref="SecondDockerEngine"/> for a test class, started before its first test and stopped after its last.</summary>
public sealed class SecondDockerEngineFixture : IAsyncLifetime
{
    public SecondDockerEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync() => Engine = await SecondDockerEngine.StartAsync();

    public async Task DisposeAsync()
    {
        if (Engine is not null) await Engine.DisposeAsync();
    }
}
