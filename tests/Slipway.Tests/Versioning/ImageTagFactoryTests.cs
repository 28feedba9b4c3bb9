using System.Text.RegularExpressions;
using Slipway.Diagnostics;
using Slipway.Versioning;

namespace Slipway.Tests.Versioning;

public class ImageTagFactoryTests
{
    private static readonly DateTimeOffset Build = new(2026, 11, 25, 6, 57, 36, TimeSpan.Zero);
    private static readonly Regex DockerTag = new("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");

    [Theory]
    [InlineData("Asia/Shanghai", "develop-20261125-145736")]
    [InlineData("UTC", "develop-20261125-065736")]
    [InlineData("America/New_York", "develop-20261125-015736")]
    [InlineData("America/Los_Angeles", "develop-20261124-225736")]
    public void Formats_the_build_time_in_the_zone(string zoneId, string expected) =>
        Assert.Equal(expected, ImageTagFactory.Create("develop", Build, TimeZoneInfo.FindSystemTimeZoneById(zoneId)));

    [Fact]
    public void Same_instant_from_any_offset_gives_the_same_tag()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        Assert.Equal(ImageTagFactory.Create("main", Build, shanghai),
            ImageTagFactory.Create("main", Build.ToOffset(TimeSpan.FromHours(-7)), shanghai));
    }

    [Fact]
    public void Honours_daylight_saving_time()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal("main-20260701-120000", ImageTagFactory.Create("main", new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero), berlin));
        Assert.Equal("main-20260101-110000", ImageTagFactory.Create("main", new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), berlin));
    }

    [Theory]
    [InlineData("feature/JIRA-12_x", "feature-jira-12_x")]
    [InlineData("develop", "develop")]
    [InlineData("Release/1.2..3", "release-1.2.3")]
    [InlineData("a//b---c", "a-b-c")]
    [InlineData("..hidden", "hidden")]
    [InlineData("-x", "x")]
    [InlineData("_under", "_under")]
    [InlineData("user@{1}", "user-1")]
    [InlineData("ünïcode/Zweig", "n-code-zweig")]
    [InlineData("日本", "branch")]
    [InlineData("trailing/", "trailing")]
    public void Sanitizes_the_branch(string branch, string expected) =>
        Assert.Equal(expected, ImageTagFactory.SanitizeBranch(branch));

    [Theory]
    [InlineData(200, "a")]
    [InlineData(112, "b")]
    [InlineData(113, "c")]
    public void Long_branches_are_cut_so_the_tag_fits_128(int length, string ch)
    {
        var tag = ImageTagFactory.Create(string.Concat(Enumerable.Repeat(ch, length)), Build, TimeZoneInfo.Utc);
        Assert.True(tag.Length <= 128, tag);
        Assert.Matches(DockerTag, tag);
        Assert.EndsWith("-20261125-065736", tag);
    }

    [Fact]
    public void A_cut_never_leaves_a_dangling_separator()
    {
        var branch = new string('a', 111) + "/bbbb";
        var tag = ImageTagFactory.Create(branch, Build, TimeZoneInfo.Utc);
        Assert.Equal(new string('a', 111) + "-20261125-065736", tag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_branch_is_an_error(string branch) =>
        Assert.Throws<SlipwayException>(() => ImageTagFactory.Create(branch, Build, TimeZoneInfo.Utc));

    [Fact]
    public void IsDateTag_parses_back_branch_and_time()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var tag = ImageTagFactory.Create("release/2025-01-01-120000", Build, shanghai);

        Assert.True(ImageTagFactory.IsDateTag(tag, out var parsed));
        Assert.Equal("release-2025-01-01-120000", parsed.Branch);
        Assert.Equal(new DateTime(2026, 11, 25, 14, 57, 36), parsed.LocalTime);
        Assert.Equal(Build, parsed.ToDateTimeOffset(shanghai));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("develop")]
    [InlineData("develop-20261125")]
    [InlineData("develop-20261332-000000")]
    [InlineData("develop-20261125-250000")]
    [InlineData("Develop-20261125-145736")]
    [InlineData("-20261125-145736")]
    [InlineData("commit-0123456789abcdef0123456789abcdef01234567")]
    [InlineData(null)]
    public void IsDateTag_rejects_other_tags(string? tag) => Assert.False(ImageTagFactory.IsDateTag(tag, out _));
}
