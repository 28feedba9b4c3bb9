using System.Text.RegularExpressions;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>Label syntax and equality-based label selectors (<c>a=b,c=d</c>), as the API server checks them.</summary>
public static partial class FakeLabels
{
    public const string ValueRule = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    public static bool IsValidValue(string value) => value.Length <= 63 && LabelValue().IsMatch(value);

    public static bool IsValidKey(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        return name.Length is > 0 and <= 63 && LabelValue().IsMatch(name) && (slash < 0 || Prefix().IsMatch(key[..slash]));
    }

    public static bool Matches(IDictionary<string, string>? labels, string? selector)
    {
        if (string.IsNullOrEmpty(selector)) return true;
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = term.Split('=', 2);
            var key = parts[0].TrimEnd('=', '!');
            if (parts.Length == 1) { if (labels?.ContainsKey(key) != true) return false; continue; }
            var value = parts[1].TrimStart('=');
            var negated = parts[0].EndsWith('!');
            var has = labels is not null && labels.TryGetValue(key, out var actual) && actual == value;
            if (has == negated) return false;
        }
        return true;
    }

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Prefix();
}
