using System.Globalization;
using Slipway.Engine.Definition;
using Spectre.Console;

namespace Slipway.Engine.Output;

/// <summary>Prints the end-of-build table (Target, Status, Duration, Note) and the final verdict line.</summary>
internal static class SummaryPrinter
{
    public static void Print(BuildOutput output, IReadOnlyList<ExecutableTarget> plan, bool failed, DateTimeOffset finishedAt)
    {
        var table = new Table()
            .Border(output.Plain ? TableBorder.Ascii : TableBorder.Rounded)
            .AddColumn("Target")
            .AddColumn("Status")
            .AddColumn(new TableColumn("Duration").RightAligned())
            .AddColumn("Note");
        foreach (var target in plan)
        {
            var ran = target.Status is TargetStatus.Succeeded or TargetStatus.Failed;
            table.AddRow(
                new Text(target.Name),
                new Text(target.Status.ToString(), StatusStyle(target.Status)),
                new Text(ran ? FormatDuration(target.Duration) : ""),
                new Text(target.Note ?? ""));
        }
        table.AddEmptyRow();
        table.AddRow(new Text("Total"), new Text(""), new Text(FormatDuration(TimeSpan.FromTicks(plan.Sum(t => t.Duration.Ticks)))), new Text(""));

        output.Line();
        output.Console.Write(table);
        output.Line();
        output.Line(failed
            ? $"Build failed on {finishedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}"
            : $"Build succeeded on {finishedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}");
    }

    public static string FormatDuration(TimeSpan duration) =>
        $"{(int)duration.TotalMinutes}:{duration.ToString(@"ss\.fff", CultureInfo.InvariantCulture)}";

    private static Style StatusStyle(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => new Style(Color.Green),
        TargetStatus.Failed => new Style(Color.Red),
        TargetStatus.Skipped or TargetStatus.NotRun => new Style(Color.Yellow),
        _ => Style.Plain,
    };
}
