using Slipway.Diagnostics;
using Slipway.Versioning;

namespace Slipway.Tests.Versioning;

public class CommitReferenceTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void Tag_is_commit_and_full_sha() => Assert.Equal("commit-" + Sha, CommitReference.Create(Sha.ToUpperInvariant()).Tag);

    [Fact]
    public void Fingerprint_adds_its_first_8_hex_digits()
    {
        var r = CommitReference.Create(Sha, "ABCDEF0123456789");
        Assert.Equal($"commit-{Sha}-abcdef01", r.Tag);
        Assert.Equal(r.Tag, r.ToString());
    }

    [Fact]
    public void TryParse_round_trips()
    {
        foreach (var r in new[] { CommitReference.Create(Sha), CommitReference.Create(Sha, "99887766") })
        {
            Assert.True(CommitReference.TryParse(r.Tag, out var back));
            Assert.Equal(r, back);
        }
        Assert.False(CommitReference.TryParse("develop-20261125-145736", out _));
        Assert.False(CommitReference.TryParse("commit-abc1234", out _));
    }

    [Theory]
    [InlineData("abc1234", null)]
    [InlineData("zz23456789abcdef0123456789abcdef01234567", null)]
    [InlineData(Sha, "abc")]
    [InlineData(Sha, "not-hex-at-all")]
    public void Invalid_input_is_an_error(string sha, string? fingerprint) =>
        Assert.Throws<SlipwayException>(() => CommitReference.Create(sha, fingerprint));
}
