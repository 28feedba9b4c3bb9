namespace Slipway.Catalog;

/// <summary>One thing wrong with a catalog: where (a JSON path such as <c>$.services.nce-api.build.module</c>), what, and how to fix it.</summary>
/// <param name="JsonPath">Location in the catalog, <c>$</c> for the whole file.</param>
/// <param name="Problem">What is wrong, naming the offending value.</param>
/// <param name="Fix">What the user should change.</param>
public sealed record CatalogProblem(string JsonPath, string Problem, string Fix)
{
    /// <summary>One line: <c>source: path: problem. Fix: fix</c>.</summary>
    public string Format(string sourceName) => $"{sourceName}: {JsonPath}: {Problem.TrimEnd('.')}. Fix: {Fix}";
}
