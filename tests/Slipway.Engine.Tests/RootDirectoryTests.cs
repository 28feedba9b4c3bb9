namespace Slipway.Engine.Tests;

public sealed class RootDirectoryTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void The_root_is_the_nearest_folder_above_holding_nuke()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_fixture.Root, "src", "service")).FullName;

        Assert.Equal(_fixture.Root, RootDirectoryLocator.Find(nested));
    }

    [Fact]
    public void Without_nuke_the_start_folder_is_the_root()
    {
        var bare = Path.Combine(Path.GetTempPath(), "slipway-bare-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(bare);
        try
        {
            Assert.Equal(bare, RootDirectoryLocator.Find(bare));
        }
        finally
        {
            Directory.Delete(bare);
        }
    }
}
