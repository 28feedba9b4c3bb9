using System.Text;
using Slipway.Deploy;

namespace Slipway.Status;

/// <summary>
/// The matrix as plain, stable text: one block per service, one line per environment (then one per live target
/// read: host, node or Deployment; marked "!" when it is the drift; then the cell's release gates), then the strays with their remove commands, then the
/// count of drifting cells and strays.
/// Plain on purpose: it reads the same in a terminal, a CI log and a test.
/// </summary>
public static class StatusTextRenderer
{
    public static string Render(StatusMatrix matrix)
    {
        var sb = new StringBuilder();
        var envWidth = Math.Max(11, matrix.Environments.Max(e => e.Length));
        foreach (var service in matrix.Services)
        {
            sb.Append(service).Append('\n');
            foreach (var env in matrix.Environments)
            {
                var cell = matrix.Cell(service, env);
                sb.Append("  ").Append(env.PadRight(envWidth)).Append("  ");
                if (cell is null || cell.IsEmpty && cell.Drift.Count == 0)
                {
                    sb.Append('-');
                    if (cell is { Live.Count: > 0 }) sb.Append("  (").Append(string.Join("; ", cell.LiveLines.Select(l => l.Reading.Describe()))).Append(')');
                    sb.Append('\n');
                    if (cell is { Gates.Count: > 0 }) sb.Append("      gates ").Append(cell.GatesSummary).Append('\n');
                    continue;
                }
                sb.Append((cell.Tag ?? "(no tag)").PadRight(28)).Append(' ').Append(cell.ShortDigest.PadRight(12));
                if (cell.DeployedAt is { } at) sb.Append("  ").Append(at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm")).Append(" UTC");
                if (cell.DeployedBy is { } by) sb.Append(" by ").Append(by);
                if (cell.Drift.Count > 0) sb.Append("  DRIFT: ").Append(cell.DriftSummary);
                sb.Append('\n');
                foreach (var (reading, drifts) in cell.LiveLines)
                    sb.Append(drifts ? "    ! live " : "      live ").Append(reading.Describe()).Append('\n');
                if (cell.Gates.Count > 0) sb.Append("      gates ").Append(cell.GatesSummary).Append('\n');
            }
        }
        if (matrix.Strays.Count > 0)
        {
            sb.Append("strays (deployed, but the catalog no longer wants them there)\n");
            foreach (var stray in matrix.Strays)
                sb.Append("  ").Append(stray.Environment.PadRight(envWidth)).Append("  ").Append(stray.Describe()).Append('\n');
        }
        foreach (var unread in matrix.StraysUnread) sb.Append("strays not listed: ").Append(unread).Append('\n');
        foreach (var freeze in matrix.Freezes)
            sb.Append("FROZEN ").Append(freeze.Environment).Append(" by ").Append(freeze.Actor).Append(" since ")
              .Append(freeze.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm")).Append(" UTC: ").Append(freeze.Reason)
              .Append(" (./build.sh Unfreeze --env ").Append(freeze.Environment).Append(")\n");
        foreach (var (environment, broken) in matrix.BrokenLedgers)
            sb.Append("LEDGER CHAIN BROKEN ").Append(environment).Append(" at line ").Append(broken.Line).Append(": ").Append(broken.Problem)
              .Append(" (./build.sh VerifyLedger --env ").Append(environment).Append(")\n");
        sb.Append(matrix.Summary).Append('\n');
        return sb.ToString();
    }
}
