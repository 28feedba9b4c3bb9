using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Tests.Catalog;

public class CatalogResolverTests
{
    private static readonly Slipway.Catalog.Catalog Shipped = ShippedCatalog.Load();

    [Fact]
    public void Environment_overrides_win_over_service_values()
    {
        var resolved = Shipped.Resolve("greeting-web", "local-staging");

        Assert.True(resolved.Enabled);
        Assert.Equal(18081, resolved.Port);
        Assert.Equal("staging", resolved.Conf);
        Assert.Equal("docker", resolved.Mode);
    }

    [Fact]
    public void Service_values_win_over_defaults_and_java_opts_are_appended()
    {
        var resolved = Shipped.Resolve("greeting-web", "local");

        Assert.Equal(18080, resolved.Port);
        Assert.Equal(("64m", "192m"), (resolved.Xms, resolved.Xmx));
        Assert.Equal("-Dslipway.sample=true", resolved.JavaOpts);
        Assert.Equal("local", resolved.Conf);
    }

    [Fact]
    public void Defaults_fill_what_the_service_leaves_out()
    {
        var resolved = Shipped.Resolve("nce-api", "online-region1");

        Assert.Equal(("128m", "256m"), (resolved.Xms, resolved.Xmx));
        Assert.Equal(3, resolved.Replicas);
        Assert.Equal("/health", resolved.HealthPath);
        Assert.Equal(120, resolved.HealthTimeoutSeconds);
        Assert.Equal(30, resolved.StopTimeoutSeconds);
        Assert.Equal("tomcat10-jre17", resolved.BaseImageName);
        Assert.Equal("slipway/tomcat10-jre17:bookworm", resolved.BaseImage.Image);
        Assert.Equal(1, Shipped.Resolve("nce-api", "develop").Replicas);
    }

    [Fact]
    public void Image_repository_is_registry_host_namespace_service()
    {
        Assert.Equal("127.0.0.1:5055/ncerepo/greeting-web", Shipped.Resolve("greeting-web", "local").ImageRepository);
        Assert.Equal("127.0.0.1:5056/ncerepo/greeting-web", Shipped.Resolve("greeting-web", "local-staging").ImageRepository);
        var hub = Shipped.Resolve("nce-api", "pubtest");
        Assert.Equal("hub.c.163.com/ncerepo/nce-api", hub.ImageRepository);
        Assert.Equal(("hub", "hub.c.163.com"), (hub.RegistryName, hub.RegistryHost));
        Assert.Equal("SLIPWAY_HUB_PASSWORD", hub.Registry.Credentials?.PasswordEnv);
    }

    [Fact]
    public void Java_opts_join_service_or_default_with_environment()
    {
        var catalog = Shipped with
        {
            Defaults = Shipped.Defaults with { JavaOpts = "-Dfile.encoding=UTF-8" },
            Services = new(Shipped.Services)
            {
                ["nce-api"] = Shipped.Services["nce-api"] with
                {
                    Environments = new() { ["develop"] = new ServiceEnvironmentSpec { JavaOpts = " -Xss1m ", Heap = new HeapSpec { Xmx = "1g" } } },
                },
            },
        };

        var resolved = catalog.Resolve("nce-api", "develop");

        Assert.Equal("-Dfile.encoding=UTF-8 -Xss1m", resolved.JavaOpts);
        Assert.Equal(("128m", "1g"), (resolved.Xms, resolved.Xmx));
        Assert.Equal("develop", resolved.Conf);
    }

    [Fact]
    public void Service_not_listed_in_an_environment_resolves_as_disabled()
    {
        var resolved = Shipped.Resolve("nce-api", "local");

        Assert.False(resolved.Enabled);
        Assert.Equal(8081, resolved.Port);
    }

    [Fact]
    public void Unknown_names_list_the_valid_choices()
    {
        var service = Assert.Throws<SlipwayException>(() => Shipped.Resolve("nce-apx", "develop"));
        Assert.StartsWith("Unknown service 'nce-apx'. Valid services: greeting-web, nce-api, nce-openapi,", service.Message);

        var environment = Assert.Throws<SlipwayException>(() => Shipped.Resolve("nce-api", "prod"));
        Assert.Equal("Unknown environment 'prod'. Valid environments: local, local-staging, develop, test, pubtest, online-region1, online-region2, online-region3", environment.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5055", "127.0.0.1:5055")]
    [InlineData("https://hub.c.163.com", "hub.c.163.com")]
    [InlineData("https://hub.c.163.com/", "hub.c.163.com")]
    [InlineData("https://registry.internal:8443", "registry.internal:8443")]
    [InlineData("http://[::1]:5000", "[::1]:5000")]
    public void Registry_host_strips_the_scheme(string url, string host) => Assert.Equal(host, RegistryAddress.HostOf(url));
}
