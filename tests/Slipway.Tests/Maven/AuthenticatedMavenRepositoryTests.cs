using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Maven;

namespace Slipway.Tests.Maven;

/// <summary>
/// Maven from an authenticated remote repository: Debian's nginx serves a hand-laid Maven repository behind Basic auth
/// on 127.0.0.1; a tiny WAR project depends on an artifact published only there. The credentials reach Maven from
/// environment variables through the generated settings' &lt;server&gt;, never as text in a file or the output.
/// Plugins still come from the offline Debian repository (the sample's settings).
/// </summary>
public sealed class AuthenticatedMavenRepositoryTests : IAsyncLifetime
{
    private const string Service = "secret-web";
    private const string User = "builder";
    private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");
    private readonly string _userVariable = "SLIPWAY_TEST_MAVEN_USER_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _passwordVariable = "SLIPWAY_TEST_MAVEN_PASSWORD_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly TempDir _tmp = new();
    private NginxMavenRepository _repository = null!;

    public async Task InitializeAsync()
    {
        _repository = await NginxMavenRepository.StartAsync(User, _password);
        await _repository.PublishJarAsync("com.example.private", "greeting-secret", "1.0");
        Environment.SetEnvironmentVariable(_userVariable, User);
        Environment.SetEnvironmentVariable(_passwordVariable, _password);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_userVariable, null);
        Environment.SetEnvironmentVariable(_passwordVariable, null);
        await _repository.DisposeAsync();
        _tmp.Dispose();
    }

    [Fact]
    public async Task A_war_depending_on_an_artifact_only_that_repository_has_builds()
    {
        var log = new MemoryBuildLog();
        var war = await BuildAsync("ok", "greeting-secret", log);

        using var zip = System.IO.Compression.ZipFile.OpenRead(war);
        Assert.Contains(zip.Entries, e => e.FullName == "WEB-INF/lib/greeting-secret-1.0.jar");
        var settings = await File.ReadAllTextAsync(_tmp.Combine("ok", "settings.xml"));
        Assert.Contains("${env." + _passwordVariable + "}", settings);
        Assert.DoesNotContain(_password, settings);
        Assert.DoesNotContain(_password, log.Text);
    }

    [Fact]
    public async Task Wrong_credentials_fail_naming_the_repository_and_the_variables()
    {
        Environment.SetEnvironmentVariable(_passwordVariable, "wrong-" + _password);
        var log = new MemoryBuildLog();
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => BuildAsync("wrong", "greeting-secret", log));
        Assert.Contains($"services.{Service}.build.repositories[0]", ex.Message);
        Assert.Contains("refused the credentials", ex.Message);
        Assert.Contains("$" + _passwordVariable, ex.Message);
        Assert.DoesNotContain(_password, ex.Message);
        Assert.DoesNotContain(_password, log.Text);
    }

    [Fact]
    public async Task A_dependency_missing_there_fails_naming_the_artifact()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => BuildAsync("missing", "greeting-absent", new MemoryBuildLog()));
        Assert.Contains("the artifact com.example.private:greeting-absent:jar:1.0", ex.Message);
        Assert.Contains("is in none of the repositories", ex.Message);
    }

    [Fact]
    public void An_unset_credential_variable_fails_naming_its_catalog_key()
    {
        var repositories = Repositories(usernameVariable: _userVariable + "_UNSET");
        var ex = Assert.Throws<SlipwayException>(() => MavenSettingsFile.Write(Service, null, repositories, _tmp.Combine("unset.xml")));
        Assert.StartsWith($"services.{Service}.build.repositories[0].usernameEnv:", ex.Message);
    }

    private List<MavenRepositorySpec> Repositories(string? usernameVariable = null) =>
    [
        new() { Id = "corp", Url = _repository.Url, UsernameEnv = usernameVariable ?? _userVariable, PasswordEnv = _passwordVariable },
    ];

    /// <summary>Writes the WAR project and its settings under a folder of its own (its own local repository) and builds it.</summary>
    private async Task<string> BuildAsync(string name, string dependency, IBuildLog log)
    {
        var project = _tmp.Combine(name);
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "pom.xml"), Pom(dependency));
        var build = new BuildSpec { Type = "single", Repositories = Repositories() };
        var settings = MavenSettingsFile.Write(Service, Path.Combine(RepoRoot.Path, "samples", "maven", "settings.xml"), build.Repositories,
            Path.Combine(project, "settings.xml"));
        return await MavenBuilder.PackageAsync(Service, project, build, "target/secret-web.war", settings, log);
    }

    private static string Pom(string dependency) => $"""
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>secret-web</artifactId>
          <version>1.0</version>
          <packaging>war</packaging>
          <properties>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
          </properties>
          <dependencies>
            <dependency>
              <groupId>com.example.private</groupId>
              <artifactId>{dependency}</artifactId>
              <version>1.0</version>
            </dependency>
          </dependencies>
          <build>
            <finalName>secret-web</finalName>
            <plugins>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-clean-plugin</artifactId><version>3.2.0</version>
                <dependencies><dependency><groupId>org.codehaus.plexus</groupId><artifactId>plexus-utils</artifactId><version>3.4.2</version></dependency></dependencies>
              </plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.0</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.10.1</version>
                <configuration><release>17</release></configuration></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-war-plugin</artifactId><version>3.3.2</version>
                <configuration><failOnMissingWebXml>false</failOnMissingWebXml></configuration></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>2.12.4</version>
                <executions><execution><id>default-test</id><phase>none</phase></execution></executions></plugin>
            </plugins>
          </build>
        </project>
        """;
}
