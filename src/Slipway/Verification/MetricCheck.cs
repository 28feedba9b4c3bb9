using System.Globalization;
using Slipway.Catalog;

namespace Slipway.Verification;

/// <summary>Judges a metrics endpoint's answer against a metric check's bounds.</summary>
public static class MetricCheck
{
    /// <summary>How messages name the check, e.g. <c>metrics[0] http_errors_total</c>.</summary>
    public static string Name(MetricCheckSpec check, int index) => $"metrics[{index}] {check.Name} at {check.Path}";

    /// <summary>The bounds as text, e.g. <c>http_errors_total &lt;= 0</c>.</summary>
    public static string Bounds(MetricCheckSpec check) => (check.Min, check.Max) switch
    {
        ({ } min, { } max) => $"{Number(min)} <= {check.Name} <= {Number(max)}",
        (null, { } max) => $"{check.Name} <= {Number(max)}",
        ({ } min, null) => $"{check.Name} >= {Number(min)}",
        _ => $"{check.Name} present",
    };

    /// <summary>Null when the endpoint answered 200 with the metric within bounds, else what was seen and what was expected.</summary>
    public static (string Saw, string Expected)? Judge(MetricCheckSpec check, int status, string body)
    {
        if (status != 200) return ($"HTTP {status} from {check.Path}", $"HTTP 200 with {Bounds(check)}");
        var sums = PrometheusText.Sums(body);
        if (!sums.TryGetValue(check.Name, out var value))
        {
            var served = sums.Keys.Order(StringComparer.Ordinal).Take(10).ToList();
            return ($"no metric named {check.Name} (served: {(served.Count == 0 ? "none" : string.Join(", ", served))})", Bounds(check));
        }
        if (double.IsNaN(value) || value > (check.Max ?? double.PositiveInfinity) || value < (check.Min ?? double.NegativeInfinity))
            return ($"{check.Name} = {Number(value)}", Bounds(check));
        return null;
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
