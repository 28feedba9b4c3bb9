using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

public class CredentialResolverTests
{
    [Fact]
    public void Resolves_username_and_password_from_environment_variables()
    {
        var env = new Dictionary<string, string> { ["U"] = "robot", ["P"] = "s3cret" };
        var creds = new CredentialResolver(k => env.GetValueOrDefault(k)).Resolve(new CredentialsRef { UsernameEnv = "U", PasswordEnv = "P" });
        Assert.Equal(new RegistryCredentials("robot", "s3cret"), creds);
        Assert.DoesNotContain("s3cret", creds!.ToString());
    }

    [Fact]
    public void Resolves_password_from_a_file_and_trims_the_newline()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-file\n");
            var creds = new CredentialResolver(_ => null).Resolve(new CredentialsRef { Username = "u", PasswordFile = file });
            Assert.Equal("from-file", creds!.Password);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Missing_variable_names_the_variable_not_a_value()
    {
        var ex = Assert.Throws<SlipwayException>(() =>
            new CredentialResolver(_ => null).Resolve(new CredentialsRef { Username = "u", PasswordEnv = "SLIPWAY_HUB_PASSWORD" }, "registries.hub"));
        Assert.Contains("SLIPWAY_HUB_PASSWORD", ex.Message);
        Assert.Contains("registries.hub", ex.Message);
    }

    [Fact]
    public void No_reference_means_anonymous() => Assert.Null(new CredentialResolver().Resolve(null));
}
