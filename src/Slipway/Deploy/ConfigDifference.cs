namespace Slipway.Deploy;

/// <summary>
/// One configuration value a live target has that the catalog would now render differently, e.g. <c>NCE_PORT=18080 -> 18081</c>.
/// A null side is a value the one side has and the other has not.
/// </summary>
public sealed record ConfigDifference(string Key, string? Live, string? Desired)
{
    public override string ToString() => $"{Key}={Live ?? "(unset)"} -> {Desired ?? "(unset)"}";

    /// <summary>Every key whose value differs between <paramref name="live"/> and <paramref name="desired"/>, desired keys first.</summary>
    public static IReadOnlyList<ConfigDifference> Between(IReadOnlyDictionary<string, string> live, IReadOnlyDictionary<string, string> desired) =>
        desired.Keys.Concat(live.Keys.Where(k => !desired.ContainsKey(k)))
            .Select(key => new ConfigDifference(key, live.GetValueOrDefault(key), desired.GetValueOrDefault(key)))
            .Where(d => d.Live != d.Desired)
            .ToList();
}
