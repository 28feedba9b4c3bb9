namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>Bearer tokens the fake accepts: an admin, and a reader that may only get/list (every write is 403 Forbidden).</summary>
public static class FakeUsers
{
    public const string AdminToken = "fake-admin-token";
    public const string ReaderToken = "fake-reader-token";
    public const string AdminUser = "fake-admin";
    public const string ReaderUser = "system:serviceaccount:default:slipway-reader";

    /// <summary>The user of <paramref name="token"/> and whether it may write; null for an unknown token.</summary>
    public static (string User, bool CanWrite)? Resolve(string? token) => token switch
    {
        AdminToken => (AdminUser, true),
        ReaderToken => (ReaderUser, false),
        _ => null,
    };
}
