using System.Text;

namespace Slipway.Diagnostics.GitHub;

/// <summary>One service's outcome in a run, for the job summary.</summary>
/// <param name="Service">The catalog service.</param>
/// <param name="Image">The image reference (repository:tag), when pushed or reused.</param>
/// <param name="Digest">The manifest digest, when known.</param>
/// <param name="DeployedTo">The environments this run deployed it to.</param>
/// <param name="VerificationTime">How long the catalog's verification after the deploy took; null: nothing verified.</param>
public sealed record SummaryRow(string Service, string? Image, string? Digest, IReadOnlyList<string> DeployedTo, TimeSpan? VerificationTime = null)
{
    /// <summary>The verification time as the summaries print it, e.g. "10.2 s"; null: nothing verified.</summary>
    public string? VerifiedIn => VerificationTime is { } t ? t.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s" : null;
}

/// <summary>The markdown job summary (<c>$GITHUB_STEP_SUMMARY</c>): result, environments touched, and one row per service.</summary>
public static class JobSummary
{
    /// <summary>Renders the summary.</summary>
    /// <param name="targets">The targets that ran, with their status, in order.</param>
    public static string Render(bool succeeded, IReadOnlyList<(string Target, string Status)> targets,
        IReadOnlyList<SummaryRow> rows, bool dryRun)
    {
        var text = new StringBuilder();
        text.Append("### Slipway ").Append(succeeded ? "succeeded" : "failed");
        if (dryRun) text.Append(" (dry run: nothing was changed)");
        text.Append('\n').Append('\n');
        if (targets.Count > 0)
            text.Append("Targets: ").AppendJoin(" → ", targets.Select(t => $"{t.Target} ({t.Status.ToLowerInvariant()})")).Append("\n\n");
        var touched = rows.SelectMany(r => r.DeployedTo).Distinct().ToList();
        text.Append("Environments touched: ").Append(touched.Count == 0 ? "none" : string.Join(", ", touched.Select(Code))).Append("\n\n");
        if (rows.Count == 0) return text.ToString();
        var verified = rows.Any(r => r.VerificationTime is not null);
        text.Append("| service | image | digest | deployed to |").Append(verified ? " verified in |" : "")
            .Append("\n| --- | --- | --- | --- |").Append(verified ? " --- |" : "").Append('\n');
        foreach (var row in rows)
        {
            text.Append("| ").Append(Cell(row.Service))
                .Append(" | ").Append(row.Image is null ? "—" : Code(row.Image))
                .Append(" | ").Append(row.Digest is null ? "—" : Code(row.Digest))
                .Append(" | ").Append(row.DeployedTo.Count == 0 ? "—" : string.Join(", ", row.DeployedTo.Select(Code)));
            if (verified) text.Append(" | ").Append(row.VerifiedIn ?? "—");
            text.Append(" |\n");
        }
        return text.ToString();
    }

    /// <summary>Renders the summary and appends it to the file <c>$GITHUB_STEP_SUMMARY</c> names; nothing when it names none.</summary>
    public static void AppendToStepSummary(bool succeeded, IReadOnlyList<(string Target, string Status)> targets,
        IReadOnlyList<SummaryRow> rows, bool dryRun)
    {
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is not { Length: > 0 } path) return;
        Append(path, Render(succeeded, targets, rows, dryRun));
    }

    /// <summary>Appends <paramref name="markdown"/> to the summary file (GitHub renders every step's file).</summary>
    public static void Append(string path, string markdown) => File.AppendAllText(path, markdown + "\n");

    private static string Code(string value) => "`" + value.Replace("`", "'") + "`";
    private static string Cell(string value) => value.Replace("|", "\\|");
}
