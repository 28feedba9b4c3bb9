namespace Slipway.Catalog;

/// <summary>timeZone must be a time zone id this machine knows (IANA ids such as UTC or Asia/Shanghai).</summary>
internal static class TimeZoneRule
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        if (IsKnown(catalog.TimeZone)) yield break;
        yield return new CatalogProblem(CatalogPath.Of("timeZone"),
            $"unknown time zone '{catalog.TimeZone}'",
            "use an IANA time zone id such as \"UTC\" or \"Asia/Shanghai\"");
    }

    private static bool IsKnown(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}
