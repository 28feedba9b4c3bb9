namespace Slipway.Engine.Schema;

/// <summary>Keeps <c>.nuke/build.schema.json</c> current, as NUKE does on every run: written only when its content changed.</summary>
internal static class SchemaFile
{
    /// <summary>Returns true when the file was (re)written; does nothing when the root has no <c>.nuke/</c>.</summary>
    public static bool Update(string rootDirectory, Type buildType)
    {
        if (!Directory.Exists(Path.Combine(rootDirectory, ".nuke")))
            return false;
        var path = Path.Combine(rootDirectory, BuildSchema.RelativePath);
        var schema = BuildSchema.Generate(buildType);
        if (File.Exists(path) && File.ReadAllText(path) == schema)
            return false;
        File.WriteAllText(path, schema);
        return true;
    }
}
