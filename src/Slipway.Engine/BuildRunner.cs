using System.Linq.Expressions;
using Slipway.Engine.Definition;
using Slipway.Engine.Output;

namespace Slipway.Engine;

/// <summary>Runs a build instance against an environment. <see cref="BuildHost"/>'s <c>Execute</c> methods call this.</summary>
public static class BuildRunner
{
    /// <summary>
    /// Parses <paramref name="args"/>, binds parameters, plans and runs the targets of <paramref name="build"/>,
    /// writing everything to <see cref="BuildEnvironment.Output"/> with secrets masked.
    /// </summary>
    /// <returns>An exit code from <see cref="ExitCodes"/>.</returns>
    public static int Run<T>(T build, string[] args, BuildEnvironment environment, params Expression<Func<T, Target>>[] defaultTargets)
        where T : BuildHost
    {
        var root = Path.GetFullPath(environment.RootDirectory ?? RootDirectoryLocator.Find(environment.WorkingDirectory));
        using var rootScope = BuildHost.UseRootDirectory(root);
        using var writer = new SecretMaskingWriter(environment.Output, () => build.SecretValues);
        using var consoleMask = environment.MaskConsole ? ConsoleMask.Install(() => build.SecretValues) : null;
        build.Output = writer;
        try
        {
            var output = new BuildOutput(writer, environment.PlainOutput);
            return new BuildSession(build, root, environment.Variables, output).Run(args, defaultTargets.Select(TargetDiscovery.NameOf).ToList());
        }
        catch (BuildConfigurationException exception)
        {
            writer.WriteLine("ERROR: " + exception.Message);
            return ExitCodes.InvalidInvocation;
        }
        catch (Exception exception)
        {
            writer.WriteLine("ERROR: The build engine failed: " + exception);
            return ExitCodes.BuildFailed;
        }
        finally
        {
            writer.Flush();
        }
    }
}
