using System.Globalization;

namespace Slipway.Verification;

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4): <c>name{labels} value [timestamp]</c> lines, comments
/// skipped. Values of one name are summed over its label sets, which is what a check of an error counter wants.
/// </summary>
public static class PrometheusText
{
    /// <summary>Each metric name with the sum of its samples.</summary>
    public static IReadOnlyDictionary<string, double> Sums(string text)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var nameEnd = line.IndexOfAny(['{', ' ', '\t']);
            if (nameEnd <= 0) continue;
            var name = line[..nameEnd];
            var rest = line[nameEnd..];
            if (rest[0] == '{')
            {
                var close = ClosingBrace(rest);
                if (close < 0) continue;
                rest = rest[(close + 1)..];
            }
            var fields = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !TryValue(fields[0], out var value)) continue;
            sums[name] = sums.GetValueOrDefault(name) + value;
        }
        return sums;
    }

    // Label values may hold '}' inside quotes.
    private static int ClosingBrace(string text)
    {
        var quoted = false;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == '}' && !quoted) return i;
        }
        return -1;
    }

    private static bool TryValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            case "NaN": value = double.NaN; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
