using Slipway.Engine.Definition;
using Slipway.Engine.Execution;
using Slipway.Engine.Output;
using Slipway.Engine.Parameters;
using Slipway.Engine.Planning;
using Slipway.Engine.Schema;

namespace Slipway.Engine;

/// <summary>One run of a build, step by step: schema, parameters, targets, plan, then help/plan/list or execution.</summary>
internal sealed class BuildSession(BuildHost build, string root, IReadOnlyDictionary<string, string?> environment, BuildOutput output)
{
    private readonly EngineSwitches _switches = new();

    public int Run(IReadOnlyList<string> args, IReadOnlyList<string> defaultTargetNames)
    {
        UpdateSchema();
        var parameters = ParameterDiscovery.Find(build, _switches);
        var commandLine = CommandLine.Parse(args, parameters);
        var resolver = new ParameterResolver(parameters, commandLine, environment, root);
        resolver.Resolve(parameters.Single(p => p.Owner == build && p.Member.Name == nameof(BuildHost.Profile)));
        output.Verbosity = Enum.TryParse<OutputVerbosity>(build.Verbosity, ignoreCase: true, out var verbosity)
            ? verbosity
            : throw new BuildConfigurationException($"Verbosity '{build.Verbosity}' is not one of quiet, normal, verbose.");
        resolver.Warnings.ForEach(output.Warn);

        var targets = TargetDiscovery.Define(build, defaultTargetNames);
        if (_switches.Help)
        {
            HelpPrinter.Print(output, targets, parameters, resolver.Sources);
            return ExitCodes.Success;
        }
        if (_switches.List)
        {
            PlanPrinter.PrintList(output, targets);
            return ExitCodes.Success;
        }

        var invoked = FindInvoked(commandLine, targets);
        if (invoked.Count == 0)
        {
            output.Error("No target given, and the build has no default targets.");
            HelpPrinter.Print(output, targets, parameters, resolver.Sources);
            return ExitCodes.InvalidInvocation;
        }
        build.InvokedTargets = invoked.Select(t => t.Name).ToList();

        var plan = ExecutionPlanner.Plan(invoked);
        PlanMarks.ApplySkip(plan, invoked, _switches.Skip?.Select(name => TargetLookup.Find(name, targets)).ToList());
        if (_switches.Plan)
        {
            PlanPrinter.PrintPlan(output, plan);
            return ExitCodes.Success;
        }
        return Execute(plan, parameters);
    }

    private int Execute(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<ParameterDescriptor> parameters)
    {
        if (build.DryRun)
            output.Line("DRY RUN: nothing will be changed");

        var exitCode = ExitCodes.Success;
        try
        {
            build.ExecutingTargets = PlanMarks.ScheduledNames(plan);
            build.RaiseBuildInitialized();
            PlanMarks.ApplyStaticConditions(plan);
            var scheduled = plan.Where(t => t.Status == TargetStatus.Scheduled).ToList();
            build.ExecutingTargets = PlanMarks.ScheduledNames(plan);
            foreach (var skipped in plan.Where(t => t.Status == TargetStatus.Skipped))
                output.Info($"Skipping {skipped.Name}: {skipped.Note}");

            var violations = RequirementChecker.FindViolations(scheduled, parameters);
            if (violations.Count > 0)
            {
                violations.ToList().ForEach(output.Error);
                build.IsFailing = true;
                PlanMarks.MarkNotRun(plan, "requirements not met");
                exitCode = ExitCodes.InvalidInvocation;
            }
            else
            {
                new TargetExecutor(build, output).Run(plan);
            }
        }
        catch (Exception exception)
        {
            build.IsFailing = true;
            output.Error($"Build could not start: {FailureFormatter.Format(exception, build)}");
            PlanMarks.MarkNotRun(plan, "build could not start");
        }
        finally
        {
            RunFinishedHook();
        }

        SummaryPrinter.Print(output, plan, build.IsFailing, DateTimeOffset.Now);
        return exitCode != ExitCodes.Success ? exitCode : build.IsFailing ? ExitCodes.BuildFailed : ExitCodes.Success;
    }

    private void RunFinishedHook()
    {
        try
        {
            build.RaiseBuildFinished();
        }
        catch (Exception exception)
        {
            build.IsFailing = true;
            output.Error($"OnBuildFinished failed: {FailureFormatter.Format(exception, build)}");
        }
    }

    private List<ExecutableTarget> FindInvoked(CommandLine commandLine, IReadOnlyList<ExecutableTarget> targets)
    {
        IEnumerable<string> names = commandLine.Targets.Count > 0 ? commandLine.Targets
            : _switches.Target is { Length: > 0 } fromParameter ? fromParameter
            : targets.Where(t => t.IsDefault).Select(t => t.Name);
        return names.Select(name => TargetLookup.Find(name, targets)).Distinct().ToList();
    }

    private void UpdateSchema()
    {
        try
        {
            if (SchemaFile.Update(root, build.GetType()))
                output.Verbose($"Updated {BuildSchema.RelativePath}");
        }
        catch (IOException exception)
        {
            output.Warn($"Could not update {BuildSchema.RelativePath}: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            output.Warn($"Could not update {BuildSchema.RelativePath}: {exception.Message}");
        }
    }
}
