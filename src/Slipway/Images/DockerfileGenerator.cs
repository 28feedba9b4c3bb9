using System.Text;

namespace Slipway.Images;

/// <summary>
/// Writes the application Dockerfile. All metadata (LABEL, ENV, ENTRYPOINT, CMD) comes before the
/// COPY lines: on the vfs storage driver every step after a COPY costs a full copy of the root
/// filesystem, and metadata first keeps the COPY layers at the end where they change.
/// </summary>
public static class DockerfileGenerator
{
    public static string Generate(string baseImage, ImageLabels labels, IReadOnlyList<AppLayer> layers,
        ImageLayout layout, int defaultPort)
    {
        var sb = new StringBuilder();
        sb.Append("FROM ").Append(baseImage).Append('\n');
        foreach (var (key, value) in labels.ToPairs())
            sb.Append("LABEL ").Append(key).Append('=').Append(Quote(value)).Append('\n');
        sb.Append("ENV NCE_PORT=").Append(defaultPort).Append('\n');
        sb.Append("EXPOSE ").Append(defaultPort).Append('\n');
        sb.Append("STOPSIGNAL SIGTERM\n");
        sb.Append("ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"]\n");
        sb.Append("CMD [").Append(Quote(layout.StartScriptPath)).Append("]\n");
        foreach (var layer in layers.Where(l => l.Files.Count > 0))
            sb.Append("COPY layers/").Append(layer.Name).Append("/ ").Append(layer.Destination).Append("/\n");
        return sb.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", " ") + "\"";
}
