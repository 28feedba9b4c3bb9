namespace Slipway.Tests.Fixtures;

/// <summary>Tests that drive the shared Docker engine run one at a time: builds on vfs are disk- and CPU-heavy.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DockerCollection
{
    public const string Name = "docker engine";
}
