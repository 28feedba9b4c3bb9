using Slipway.Diagnostics;

namespace Slipway.Catalog;

/// <summary>The catalog could not be loaded or is invalid; <see cref="Problems"/> lists every problem found.</summary>
public sealed class CatalogException : SlipwayException, Diagnostics.GitHub.ISourceLocated
{
    /// <summary>Creates the exception; the message lists all problems, each naming the file.</summary>
    public CatalogException(string sourceName, IReadOnlyList<CatalogProblem> problems, Exception? inner = null)
        : this(BuildMessage(sourceName, problems), sourceName, problems, inner)
    {
    }

    private CatalogException(string message, string sourceName, IReadOnlyList<CatalogProblem> problems, Exception? inner)
        : base(message, inner)
    {
        SourceName = sourceName;
        Problems = problems;
    }

    /// <summary>The catalog file (or the name given to <see cref="CatalogLoader.LoadFromJson"/>).</summary>
    public string SourceName { get; }

    string? Diagnostics.GitHub.ISourceLocated.SourceFile => SourceName;
    int? Diagnostics.GitHub.ISourceLocated.SourceLine => null;

    /// <summary>Every problem found, in document order where possible.</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; }

    /// <summary>The catalog file does not exist; the message names the path and how to point Slipway at the right one.</summary>
    public static CatalogException NotFound(string path) =>
        new($"Catalog file not found: {path}. Fix: run from the folder that holds services.json, or pass --catalog PATH",
            path, [new CatalogProblem("$", $"catalog file not found: {path}", "run from the folder that holds services.json, or pass --catalog PATH")], null);

    private static string BuildMessage(string sourceName, IReadOnlyList<CatalogProblem> problems)
    {
        if (problems.Count == 1)
            return $"Invalid catalog {problems[0].Format(sourceName)}";
        var lines = problems.Select(p => "  - " + p.Format(sourceName));
        return $"Invalid catalog {sourceName}: {problems.Count} problems:\n" + string.Join('\n', lines);
    }
}
