using Slipway.Processes;

namespace Slipway.Tests.Processes;

public class DescribeTests
{
    [Fact]
    public void Leaves_plain_words_bare_and_quotes_the_rest()
    {
        Assert.Equal("git -C /tmp/a fetch --prune origin", ProcessRunner.Describe("git", ["-C", "/tmp/a", "fetch", "--prune", "origin"]));
        Assert.Equal("git commit -m 'hello world' '' 'it'\\''s' '$(id)' 'a;b' '*'",
            ProcessRunner.Describe("git", ["commit", "-m", "hello world", "", "it's", "$(id)", "a;b", "*"]));
    }

    [Fact]
    public void Redacts_secrets_and_renders_environment()
    {
        var text = ProcessRunner.Describe("docker", ["login", "-p", "hunter2", "--token=abc-hunter2"],
            new Dictionary<string, string?> { ["B"] = "x y", ["A"] = "1" }, ["hunter2"]);
        Assert.Equal("A=1 B='x y' docker login -p '***' '--token=abc-***'", text);
    }

    [Fact]
    public async Task Rendering_round_trips_through_a_real_shell()
    {
        string[] args = ["%s\n", "a b", "it's", "", "\"q\"", "$HOME", "`id`", "back\\slash", "tab\there", "new\nline", "~", "ünï", "!x"];
        var described = ProcessRunner.Describe("printf", args);
        var r = (await ProcessRunner.RunAsync("sh", ["-c", described])).EnsureSuccess();
        Assert.Equal(string.Join('\n', args[1..]), r.StandardOutputText);
    }
}
