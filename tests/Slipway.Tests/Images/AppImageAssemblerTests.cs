using System.Text;
using System.Text.Json;
using Slipway.Images;
using Slipway.Registry;

namespace Slipway.Tests.Images;

public sealed class AppImageAssemblerTests
{
    private const string BaseConfig = """
        {"architecture":"amd64","os":"linux","created":"2026-11-25T10:00:00.123Z","docker_version":"20.10.24",
         "container_config":{"Cmd":null},
         "config":{"User":"tomcat","WorkingDir":"/var/lib/tomcat10","Env":["CATALINA_BASE=/var/lib/tomcat10"],
                   "ExposedPorts":{"8080/tcp":{}},"Labels":{"io.slipway.base.suite":"bookworm"},"Cmd":["/bin/sh"]},
         "rootfs":{"type":"layers","diff_ids":["sha256:1111111111111111111111111111111111111111111111111111111111111111"]},
         "history":[{"created":"2026-11-25T10:00:00Z","created_by":"import"}]}
        """;

    private static readonly LayerBlob Classes = new("classes", [1, 2, 3], "sha256:" + new string('a', 64), "sha256:" + new string('b', 64), 4);

    [Fact]
    public void The_config_keeps_the_base_runtime_settings_and_appends_the_app_layers()
    {
        var created = new DateTimeOffset(2026, 11, 25, 6, 57, 36, TimeSpan.Zero);
        var bytes = AppImageAssembler.Config(Encoding.UTF8.GetBytes(BaseConfig), [Classes],
            [new("io.slipway.service", "greeting-web")], ImagePlan.Entrypoint, ["/opt/slipway/start.sh"], created);
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        var config = root.GetProperty("config");
        Assert.Equal("tomcat", config.GetProperty("User").GetString());
        Assert.Equal("/var/lib/tomcat10", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("CATALINA_BASE=/var/lib/tomcat10", config.GetProperty("Env")[0].GetString());
        Assert.Equal(["/usr/bin/dumb-init", "--"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["/opt/slipway/start.sh"], config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("bookworm", config.GetProperty("Labels").GetProperty("io.slipway.base.suite").GetString());
        Assert.Equal("greeting-web", config.GetProperty("Labels").GetProperty("io.slipway.service").GetString());
        Assert.Equal("2026-11-25T06:57:36Z", root.GetProperty("created").GetString());
        Assert.Equal(2, root.GetProperty("rootfs").GetProperty("diff_ids").GetArrayLength());
        Assert.Equal(Classes.DiffId, root.GetProperty("rootfs").GetProperty("diff_ids")[1].GetString());
        Assert.Equal(2, root.GetProperty("history").GetArrayLength());
        Assert.False(root.TryGetProperty("container_config", out _));
        Assert.False(root.TryGetProperty("docker_version", out _));
        // same input, same bytes
        Assert.Equal(bytes, AppImageAssembler.Config(Encoding.UTF8.GetBytes(BaseConfig), [Classes],
            [new("io.slipway.service", "greeting-web")], ImagePlan.Entrypoint, ["/opt/slipway/start.sh"], created));
    }

    [Fact]
    public void The_manifest_is_schema_2_with_the_base_layers_first()
    {
        var config = Encoding.UTF8.GetBytes("{}");
        var baseLayer = new Descriptor(MediaTypes.DockerLayerGzip, "sha256:" + new string('c', 64), 1000);
        var manifest = ManifestModel.Parse(AppImageAssembler.Manifest(config, [baseLayer], [Classes]));
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(Digests.Sha256(config), manifest.Config!.Digest);
        Assert.Equal([baseLayer.Digest, Classes.Digest], manifest.Layers.Select(l => l.Digest));
        Assert.Equal(3, manifest.Layers[1].Size);
    }

    [Fact]
    public void Owners_resolve_from_the_base_passwd_and_unknown_users_are_a_clear_error()
    {
        var users = new UserDatabase("root:x:0:0::/root:/bin/sh\ntomcat:x:999:997::/var/lib/tomcat:/usr/sbin/nologin\n",
            "root:x:0:\ntomcat:x:997:\n");
        Assert.Equal((999, 997), users.Resolve("tomcat:tomcat", "base"));
        Assert.Equal((0, 0), users.Resolve("root:root", "base"));
        Assert.Equal((999, 997), users.Resolve("tomcat", "base"));
        var error = Assert.Throws<Slipway.Diagnostics.SlipwayException>(() => users.Resolve("jetty:jetty", "base:1"));
        Assert.Contains("no user 'jetty'", error.Message);
        Assert.Contains("Fix:", error.Message);
    }
}
