using System.Text.RegularExpressions;
using Slipway.Diagnostics;
using Slipway.Versioning;

namespace Slipway.Tests.Versioning;

public class ImageTagFactoryTests
{
    private static readonly DateTimeOffset Build = new(2026, 11, 25, 6, 57, 36, TimeSpan.Zero);
    private const string Sha = "3f9c0e1d2b4a69788f0e1d2c3b4a596877665544";
    private const string OtherSha = "a1b2c3d4e5f60718293a4b5c6d7e8f9011223344";
    private static readonly Regex DockerTag = new("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");

    [Theory]
    [InlineData("Asia/Shanghai", "develop-20261125-145736")]
    [InlineData("UTC", "develop-20261125-065736")]
    [InlineData("America/New_York", "develop-20261125-015736")]
    [InlineData("America/Los_Angeles", "develop-20261124-225736")]
    public void Formats_the_build_time_in_the_zone(string zoneId, string expected) =>
        Assert.Equal(expected, ImageTagFactory.Create("develop", Build, TimeZoneInfo.FindSystemTimeZoneById(zoneId), Sha));

    [Fact]
    public void Same_instant_from_any_offset_gives_the_same_tag()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        Assert.Equal(ImageTagFactory.Create("main", Build, shanghai, Sha),
            ImageTagFactory.Create("main", Build.ToOffset(TimeSpan.FromHours(-7)), shanghai, Sha));
    }

    [Fact]
    public void Honours_daylight_saving_time()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal("main-20260701-120000", ImageTagFactory.Create("main", new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero), berlin, Sha));
        Assert.Equal("main-20260101-110000", ImageTagFactory.Create("main", new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), berlin, Sha));
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
        var tag = ImageTagFactory.Create(string.Concat(Enumerable.Repeat(ch, length)), Build, TimeZoneInfo.Utc, Sha);
        Assert.True(tag.Length <= 128, tag);
        Assert.Matches(DockerTag, tag);
        Assert.EndsWith(length > 112 ? "-20261125-065736-3f9c0e1" : "-20261125-065736", tag);
    }

    [Fact]
    public void A_cut_never_leaves_a_dangling_separator()
    {
        var branch = new string('a', 103) + "/bbbb";
        var tag = ImageTagFactory.Create(branch, Build, TimeZoneInfo.Utc, Sha);
        Assert.Equal(new string('a', 103) + "-20261125-065736-3f9c0e1", tag);
    }

    [Theory]
    [InlineData("develop")]
    [InlineData("main")]
    [InlineData("rel-a")]
    [InlineData("feat-x")]
    [InlineData("release-1.2")]
    [InlineData("_under")]
    public void A_branch_that_is_a_valid_tag_part_keeps_the_plain_form(string branch) =>
        Assert.Equal($"{branch}-20261125-065736", ImageTagFactory.Create(branch, Build, TimeZoneInfo.Utc, Sha));

    [Theory]
    [InlineData("rel/a", "rel-a")]
    [InlineData("Feat/X", "feat-x")]
    [InlineData("fé", "f")]
    [InlineData("fö", "f")]
    [InlineData("日本", "branch")]
    [InlineData("-x", "x")]
    public void A_branch_that_sanitization_changes_gets_the_short_commit(string branch, string part) =>
        Assert.Equal($"{part}-20261125-065736-3f9c0e1", ImageTagFactory.Create(branch, Build, TimeZoneInfo.Utc, Sha));

    [Theory]
    [InlineData("rel/a", "rel-a")]
    [InlineData("Feat/X", "feat-x")]
    [InlineData("feature/x", "feature-x")]
    public void Branches_that_sanitize_alike_never_share_a_tag_even_at_the_same_commit(string changed, string plain)
    {
        var a = ImageTagFactory.Create(changed, Build, TimeZoneInfo.Utc, Sha);
        var b = ImageTagFactory.Create(plain, Build, TimeZoneInfo.Utc, Sha);
        Assert.Equal(ImageTagFactory.SanitizeBranch(changed), ImageTagFactory.SanitizeBranch(plain)); // the old collision
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Branches_that_both_lose_characters_get_distinct_tags_per_commit()
    {
        var fe = ImageTagFactory.Create("fé", Build, TimeZoneInfo.Utc, Sha);
        var fo = ImageTagFactory.Create("fö", Build, TimeZoneInfo.Utc, OtherSha);
        Assert.Equal(("f-20261125-065736-3f9c0e1", "f-20261125-065736-a1b2c3d"), (fe, fo));
    }

    [Fact]
    public void With_commit_appends_it_to_a_plain_branch_too()
    {
        var tag = ImageTagFactory.Create("main", Build, TimeZoneInfo.Utc, Sha.ToUpperInvariant(), withCommit: true);
        Assert.Equal("main-20261125-065736-3f9c0e1", tag);
        Assert.NotEqual(tag, ImageTagFactory.Create("main", Build, TimeZoneInfo.Utc, OtherSha, withCommit: true));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zzzzzzzz")]
    public void A_commit_that_is_not_hex_is_an_error(string commit) =>
        Assert.Throws<SlipwayException>(() => ImageTagFactory.Create("rel/a", Build, TimeZoneInfo.Utc, commit));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_branch_is_an_error(string branch) =>
        Assert.Throws<SlipwayException>(() => ImageTagFactory.Create(branch, Build, TimeZoneInfo.Utc, Sha));

    [Fact]
    public void IsDateTag_parses_back_branch_and_time()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var tag = ImageTagFactory.Create("release-2025-01-01-120000", Build, shanghai, Sha);

        Assert.True(ImageTagFactory.IsDateTag(tag, out var parsed));
        Assert.Equal("release-2025-01-01-120000", parsed.Branch);
        Assert.Equal(new DateTime(2026, 11, 25, 14, 57, 36), parsed.LocalTime);
        Assert.Equal(Build, parsed.ToDateTimeOffset(shanghai));
        Assert.Null(parsed.Commit);
    }

    [Theory]
    [InlineData("rel/a", "rel-a")]
    [InlineData("release/2025-01-01-120000", "release-2025-01-01-120000")]
    [InlineData("x/20261125-081500", "x-20261125-081500")]
    public void IsDateTag_parses_back_the_commit_of_a_tag_that_carries_one(string branch, string part)
    {
        var tag = ImageTagFactory.Create(branch, Build, TimeZoneInfo.Utc, Sha);

        Assert.True(ImageTagFactory.IsDateTag(tag, out var parsed), tag);
        Assert.Equal((part, new DateTime(2026, 11, 25, 6, 57, 36), "3f9c0e1"), (parsed.Branch, parsed.LocalTime, parsed.Commit));
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
    [InlineData("develop-20261125-145736-3F9C0E1")]
    [InlineData("develop-20261125-145736-3f9c0e")]
    [InlineData(null)]
    public void IsDateTag_rejects_other_tags(string? tag) => Assert.False(ImageTagFactory.IsDateTag(tag, out _));
}
