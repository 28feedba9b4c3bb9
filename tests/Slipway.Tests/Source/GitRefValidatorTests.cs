using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Source;

namespace Slipway.Tests.Source;

public class GitRefValidatorTests
{
    private static readonly string[] Valid =
    [
        "main", "develop", "feature/JIRA-12_x", "release/1.2.3", "a-b.c_d", "a@b", "ünïcode", "x/y/z", "v1.0-rc.1",
    ];

    private static readonly string[] Invalid =
    [
        "", "$(touch /tmp/x)", "$(id)", "`id`", "a;b", "a|b", "a&b", "a>b", "a<b", "it's", "a\"b", "--upload-pack=evil", "-x", "a;rm -rf /", "a b", "a..b", "a~1", "a^", "a:b", "a?", "a*", "a[b",
        "a\\b", "a@{1}", "@", "HEAD", ".hidden", "x/.hidden", "a.lock", "a.lock/b", "a/", "/a", "a.", "a//b", "tab\tx", "nl\nx", "del\x7fx",
    ];

    public static TheoryData<string> ValidBranches => new(Valid);
    public static TheoryData<string> InvalidBranches => new(Invalid);

    [Theory, MemberData(nameof(ValidBranches))]
    public void Accepts_valid_branches(string branch) => Assert.Equal(branch, GitRefValidator.ValidateBranch(branch));

    [Theory, MemberData(nameof(InvalidBranches))]
    public void Rejects_invalid_branches_naming_input_problem_and_fix(string branch)
    {
        var ex = Assert.Throws<SlipwayException>(() => GitRefValidator.ValidateBranch(branch));
        Assert.StartsWith("--branch: ", ex.Message);
        Assert.Contains("is not a valid git branch name", ex.Message);
        Assert.Contains("Fix: ", ex.Message);
    }

    [Fact]
    public async Task Agrees_with_git_check_ref_format()
    {
        // '@', 'HEAD' and shell metacharacters are deliberately stricter than git; '@{...}' makes git look things up in a repository.
        var cases = Valid.Concat(Invalid)
            .Where(b => b is not ("@" or "HEAD" or "") && !b.Contains("@{") && !b.Contains('\n')
                        && !b.Any(c => GitRefValidator.ShellMetacharacters.Contains(c)));
        foreach (var b in cases)
        {
            var git = await ProcessRunner.RunAsync("git", ["check-ref-format", "--branch", b]);
            Assert.True(git.Succeeded == GitRefValidator.IsValidBranch(b), $"disagreement with git on '{b}'");
        }
    }

    [Theory]
    [InlineData("abc1234")]
    [InlineData("ABCDEF1234")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Accepts_commits(string commit) => Assert.Equal(commit.ToLowerInvariant(), GitRefValidator.ValidateCommit(commit));

    [Theory]
    [InlineData("")]
    [InlineData("abc123")]
    [InlineData("xyz1234")]
    [InlineData("HEAD~1")]
    [InlineData("--upload-pack=evil")]
    [InlineData("0123456789abcdef0123456789abcdef012345678")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Rejects_commits(string commit)
    {
        var ex = Assert.Throws<SlipwayException>(() => GitRefValidator.ValidateCommit(commit));
        Assert.StartsWith("--commit: ", ex.Message);
        Assert.Contains("Fix: ", ex.Message);
    }
}
