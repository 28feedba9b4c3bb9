namespace Slipway.Images;

/// <summary>
/// One application layer: files from the exploded WAR (or the image recipe) that go to one destination
/// in the image with one COPY. Layers are ordered from least to most often changed, as Jib does.
/// </summary>
/// <param name="Name">Short name, also the folder under layers/ in the build context.</param>
/// <param name="Destination">Absolute folder in the image the files land in.</param>
/// <param name="Files">Source file (absolute) -> path relative to Destination.</param>
/// <param name="Owner">user:group the files belong to in the image.</param>
public sealed record AppLayer(string Name, string Destination, IReadOnlyList<LayerFile> Files, string Owner = "root:root");

/// <summary>A file of a layer: where it is on disk and where it goes, relative to the layer's destination.</summary>
public sealed record LayerFile(string SourcePath, string RelativePath, bool Executable = false);
