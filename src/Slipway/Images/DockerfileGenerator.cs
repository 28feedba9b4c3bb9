using System.Text;

namespace Slipway.Images;

/// <summary>
/// Writes the application Dockerfile. On the vfs storage driver every instruction, metadata included,
/// runs in a fresh container and costs a full copy of the root filesystem, so there are as few as
/// possible: one LABEL for all labels, ENTRYPOINT and CMD (so the image is right on any base), then the
/// COPY lines last. The base image from images/base already carries USER, WORKDIR, EXPOSE and ENV.
/// </summary>
public static class DockerfileGenerator
{
    public static string Generate(string baseImage, ImageLabels labels, IReadOnlyList<AppLayer> layers, ImageLayout layout)
    {
        var sb = new StringBuilder();
        sb.Append("FROM ").Append(baseImage).Append('\n');
        sb.Append("LABEL ").Append(string.Join(" \\\n      ",
            labels.ToPairs().Select(p => $"{p.Key}={Quote(p.Value)}"))).Append('\n');
        sb.Append("ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\"]\n");
        sb.Append("CMD [").Append(Quote(layout.StartScriptPath)).Append("]\n");
        foreach (var layer in layers.Where(l => l.Files.Count > 0))
            sb.Append("COPY --chown=").Append(layer.Owner).Append(" layers/").Append(layer.Name).Append("/ ")
              .Append(layer.Destination).Append("/\n");
        return sb.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", " ") + "\"";
}
