namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Who the fake lets in: bearer tokens for an admin, a reader that may only get/list (every write is 403 Forbidden) and
/// the token the exec credential plugin prints; and a client certificate issued by the server's own CA.
/// </summary>
public static class FakeUsers
{
    public const string AdminToken = "fake-admin-token";
    public const string ReaderToken = "fake-reader-token";
    public const string ExecToken = "fake-exec-plugin-token";
    public const string AdminUser = "fake-admin";
    public const string ReaderUser = "system:serviceaccount:default:slipway-reader";
    public const string ExecUser = "fake-exec-user";
    public const string CertificateUser = "fake-cert-user";

    /// <summary>The user of <paramref name="token"/> and whether it may write; null for an unknown token.</summary>
    public static (string User, bool CanWrite)? Resolve(string? token) => token switch
    {
        AdminToken => (AdminUser, true),
        ReaderToken => (ReaderUser, false),
        ExecToken => (ExecUser, true),
        _ => null,
    };
}
