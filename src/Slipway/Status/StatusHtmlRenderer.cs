using System.Net;
using System.Text;
using Slipway.Deploy;
using Slipway.Registry;

namespace Slipway.Status;

/// <summary>
/// The matrix as one self-contained HTML page: inline CSS and script, no external assets. Drifting
/// cells are coloured; each cell lists what its live targets said; clicking a cell (or hovering it) shows its history.
/// Strays follow the table, each with its remove command.
/// </summary>
public static class StatusHtmlRenderer
{
    public static string Render(StatusMatrix matrix)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Slipway status</title>\n<style>\n")
          .Append(Css).Append("</style></head><body>\n")
          .Append("<h1>Slipway status</h1>\n<p class=\"meta\">Generated ")
          .Append(E(matrix.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss"))).Append(" UTC. ")
          .Append(E(matrix.Summary))
          .Append("</p>\n<table id=\"status\">\n<thead><tr><th>service</th>");
        foreach (var env in matrix.Environments) sb.Append("<th>").Append(E(env)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var service in matrix.Services)
        {
            sb.Append("<tr><th class=\"service\">").Append(E(service)).Append("</th>");
            foreach (var env in matrix.Environments) AppendCell(sb, matrix.Cell(service, env));
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table>\n");
        AppendStrays(sb, matrix);
        foreach (var freeze in matrix.Freezes)
            sb.Append("<p class=\"frozen\">FROZEN ").Append(E(freeze.Environment)).Append(" by ").Append(E(freeze.Actor)).Append(" since ")
              .Append(freeze.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm")).Append(" UTC: ").Append(E(freeze.Reason)).Append("</p>\n");
        foreach (var (environment, broken) in matrix.BrokenLedgers)
            sb.Append("<p class=\"broken-ledger\">LEDGER CHAIN BROKEN ").Append(E(environment)).Append(" at line ").Append(broken.Line)
              .Append(": ").Append(E(broken.Problem)).Append("</p>\n");
        sb.Append("<div id=\"details\" class=\"details\">Click a cell for its history.</div>\n<script>\n")
          .Append(Script).Append("</script>\n</body></html>\n");
        return sb.ToString();
    }

    private static void AppendCell(StringBuilder sb, StatusCell? cell)
    {
        if (cell is null || cell.IsEmpty && cell.Drift.Count == 0)
        {
            sb.Append("<td class=\"empty\">-");
            foreach (var (reading, _) in cell?.LiveLines ?? []) sb.Append("<div class=\"target\">").Append(E(reading.Describe())).Append("</div>");
            AppendGates(sb, cell);
            sb.Append("</td>");
            return;
        }
        var classes = cell.Drift.Count == 0 ? "ok" : cell.Drift.Contains(DriftKind.Unreachable) ? "unreachable" : "drift";
        var title = string.Join("\n", cell.DriftNotes.Concat(cell.History.Take(10).Select(Line)));
        sb.Append("<td class=\"").Append(classes).Append("\" title=\"").Append(E(title)).Append("\" data-history=\"")
          .Append(E(string.Join("\n", cell.History.Select(Line)))).Append("\">")
          .Append("<div class=\"tag\">").Append(E(cell.Tag ?? "(no tag)")).Append("</div>")
          .Append("<div class=\"digest\">").Append(E(cell.ShortDigest)).Append("</div>");
        if (cell.DeployedAt is { } at)
            sb.Append("<div class=\"when\">").Append(E(at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm"))).Append(" UTC")
              .Append(cell.DeployedBy is { } by ? " by " + E(by) : "").Append("</div>");
        foreach (var note in cell.OwnDriftNotes) sb.Append("<div class=\"note\">").Append(E(note)).Append("</div>");
        foreach (var (reading, drifts) in cell.LiveLines)
            sb.Append(drifts ? "<div class=\"target note\">live " : "<div class=\"target\">live ").Append(E(reading.Describe())).Append("</div>");
        AppendGates(sb, cell);
        sb.Append("</td>");
    }

    private static void AppendGates(StringBuilder sb, StatusCell? cell)
    {
        foreach (var gate in cell?.Gates ?? [])
            sb.Append("<div class=\"gate").Append(gate == "frozen" || gate.StartsWith("window closed", StringComparison.Ordinal) ? " closed" : "")
              .Append("\">").Append(E(gate)).Append("</div>");
    }

    private static void AppendStrays(StringBuilder sb, StatusMatrix matrix)
    {
        if (matrix.Strays.Count == 0 && matrix.StraysUnread.Count == 0) return;
        sb.Append("<h2>Strays</h2>\n<p class=\"meta\">Deployed, but the catalog no longer wants them there.</p>\n<ul id=\"strays\">\n");
        foreach (var stray in matrix.Strays)
            sb.Append("<li class=\"stray\"><b>").Append(E(stray.Environment)).Append("</b> ").Append(E(stray.What)).Append(" on ").Append(E(stray.Where))
              .Append(": ").Append(E(stray.Reason)).Append("; remove with <code>").Append(E(stray.RemoveCommand)).Append("</code></li>\n");
        foreach (var unread in matrix.StraysUnread) sb.Append("<li class=\"unread\">not listed: ").Append(E(unread)).Append("</li>\n");
        sb.Append("</ul>\n");
    }

    private static string Line(StatusEvent e) =>
        $"{e.Time.ToUniversalTime():yyyy-MM-dd HH:mm} {e.Action} {e.Tag} {Digests.Short(e.Digest)} {e.Result} by {e.Actor}";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body { font-family: "DejaVu Sans", sans-serif; margin: 24px; color: #1d2430; }
        h1 { font-size: 20px; margin: 0 0 4px; }
        h2 { font-size: 16px; margin: 20px 0 4px; }
        li.stray { color: #a8321d; font-size: 13px; }
        li.unread { color: #777; font-size: 13px; }
        code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
        .meta { color: #5a6472; margin: 0 0 16px; }
        table { border-collapse: collapse; }
        th, td { border: 1px solid #cfd6df; padding: 6px 10px; vertical-align: top; font-size: 13px; }
        thead th { background: #eef1f5; }
        th.service { text-align: left; background: #f7f8fa; }
        td.ok { background: #e8f6ec; }
        td.drift { background: #fde8e4; }
        td.unreachable { background: #f1f1f1; color: #777; }
        td.empty { color: #a0a8b3; text-align: center; }
        td[data-history] { cursor: pointer; }
        .tag { font-weight: bold; }
        .digest, .when { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
        .note { color: #a8321d; font-size: 12px; margin-top: 4px; }
        .target { color: #5a6472; font-size: 11px; margin-top: 2px; }
        .target.note { color: #a8321d; }
        .gate { color: #3b5b8c; font-size: 11px; margin-top: 2px; }
        .gate.closed { color: #a8321d; font-weight: bold; }
        .details { margin-top: 16px; white-space: pre; font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }

        """;

    private const string Script = """
        document.querySelectorAll('td[data-history]').forEach(function (cell) {
          cell.addEventListener('click', function () {
            document.getElementById('details').textContent = cell.getAttribute('data-history') || '(no history)';
          });
        });

        """;
}
