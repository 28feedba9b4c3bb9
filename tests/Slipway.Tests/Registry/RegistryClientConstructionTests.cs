using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

public class RegistryClientConstructionTests
{
    [Fact]
    public void FromSpec_uses_url_insecure_flag_and_resolved_credentials()
    {
        var spec = new RegistrySpec
        {
            Url = "https://hub.c.163.com",
            Namespace = "ncerepo",
            Credentials = new CredentialsRef { UsernameEnv = "U", PasswordEnv = "P" },
        };
        var env = new Dictionary<string, string> { ["U"] = "robot", ["P"] = "secret" };
        using var client = RegistryClient.FromSpec(spec, new CredentialResolver(k => env.GetValueOrDefault(k)), name: "hub");
        Assert.Equal("hub.c.163.com", client.Host);
        Assert.Equal(new Uri("https://hub.c.163.com/"), client.BaseUri);
    }

    [Fact]
    public void Plain_http_to_a_remote_host_needs_the_insecure_flag()
    {
        var ex = Assert.Throws<SlipwayException>(() => new RegistryClient("http://registry.example.com:5000"));
        Assert.Contains("insecure", ex.Message);
        using var loopback = new RegistryClient("http://127.0.0.1:5055");
        Assert.Equal("127.0.0.1:5055", loopback.Host);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://x")]
    [InlineData("127.0.0.1:5055")]
    public void Invalid_urls_are_rejected(string url) =>
        Assert.Throws<SlipwayException>(() => new RegistryClient(url));
}
