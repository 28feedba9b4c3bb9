using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Maven;

namespace Slipway.Tests.Maven;

public sealed class MavenCommandTests
{
    [Fact]
    public void A_single_project_builds_with_clean_package()
    {
        var args = MavenCommand.Arguments("svc", new BuildSpec { Type = "single", MavenArgs = ["-DskipTests"] }, "/s.xml");
        Assert.Equal(["-B", "-ntp", "-s", "/s.xml", "clean", "package", "-DskipTests"], args);
    }

    [Fact]
    public void A_module_builds_with_install_pl_am_as_the_source_practice_does()
    {
        var args = MavenCommand.Arguments("svc", new BuildSpec { Type = "module", Module = "web" }, null);
        Assert.Equal(["-B", "-ntp", "clean", "install", "-pl", "web", "-am"], args);
    }

    [Fact]
    public void A_module_build_without_a_module_names_the_catalog_field()
    {
        var error = Assert.Throws<SlipwayException>(() => MavenCommand.Arguments("svc", new BuildSpec { Type = "module" }, null));
        Assert.Contains("services.svc.build.module", error.Message);
    }

    [Fact]
    public void Ansi_escapes_are_stripped_and_error_lines_picked()
    {
        var lines = new[]
        {
            "[ERROR] /w/A.java:[19,32] incompatible types", "\u001b[1;31m[ERROR]\u001b[m Failed to execute goal", "[INFO] x", "[ERROR] ",
            "[ERROR] /w/A.java:[19,32] incompatible types", "[ERROR] -> [Help 1]", "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.",
        };
        var clean = lines.Select(MavenOutput.StripAnsi).ToList();
        Assert.Equal("[ERROR] Failed to execute goal", clean[1]);
        // each error once, without Maven's closing advice
        Assert.Equal(["[ERROR] /w/A.java:[19,32] incompatible types", "[ERROR] Failed to execute goal"], MavenOutput.ErrorLines(clean));
    }

    [Fact]
    public void The_failed_goal_line_is_kept_without_its_help_reference()
    {
        var line = "[ERROR] Failed to execute goal on project w: Could not find artifact a:b:jar:1.0 in corp (http://r/) -> [Help 1]";
        Assert.Equal(["[ERROR] Failed to execute goal on project w: Could not find artifact a:b:jar:1.0 in corp (http://r/)"],
            MavenOutput.ErrorLines([line, "[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/DependencyResolutionException"]));
    }
}
