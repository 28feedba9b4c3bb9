namespace Slipway.Images;

/// <summary>The lines a dry run prints for an application image: its layers, its config and the Dockerfile it is equivalent to.</summary>
public static class ImagePlan
{
    /// <summary>The Entrypoint every application image gets: dumb-init as PID 1, so java is its direct child.</summary>
    public static readonly IReadOnlyList<string> Entrypoint = ["/usr/bin/dumb-init", "--"];

    /// <summary>
    /// Describes the image Slipway would assemble for <paramref name="layers"/> on <paramref name="baseImage"/>;
    /// <paramref name="baseOrigin"/> says where the base's manifest and layers are read from.
    /// </summary>
    public static IEnumerable<string> Describe(string baseImage, string baseOrigin, IReadOnlyList<AppLayer> layers,
        ImageLabels labels, ImageLayout layout, string created)
    {
        yield return $"base: {baseImage}, {baseOrigin}";
        var n = 0;
        foreach (var layer in layers)
            yield return $"layer {++n} {layer.Name,-7} -> {layer.Destination}/  owner {layer.Owner}  {Contents(layer.Name)}";
        yield return $"each layer: tar sorted by name, folders 0755, files 0644 (start.sh 0755), mtime {LayerTarWriter.FixedTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, " +
                     "numeric owners from the base's /etc/passwd, gzip; HEAD first, uploaded only when missing";
        yield return $"config: the base's config with Entrypoint [{string.Join(", ", Entrypoint)}], Cmd [{layout.StartScriptPath}], created {created}, labels:";
        foreach (var (key, value) in labels.ToPairs()) yield return $"    {key}={value}";
        yield return "equivalent Dockerfile (for reading; the image is assembled without an engine):";
        foreach (var line in DockerfileGenerator.Generate(baseImage, labels, layers, layout).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            yield return "    " + line;
    }

    private static string Contents(string layer) => layer switch
    {
        "start" => "the start script (the same for every service: one shared blob)",
        "lib" => "WEB-INF/lib/** (dependencies)",
        "classes" => "WEB-INF/classes/** without the config folders",
        "web" => "static content (everything outside WEB-INF/lib and WEB-INF/classes)",
        "config" => "WEB-INF/classes/<NCE_CONF folder>/** for each environment's conf",
        _ => "",
    };
}
