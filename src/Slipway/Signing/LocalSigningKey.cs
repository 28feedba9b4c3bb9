using System.Security.Cryptography;
using Slipway.Diagnostics;

namespace Slipway.Signing;

/// <summary>
/// The signing key of a machine without a team key: an ECDSA P-256 pair under the state folder, signing/local.key
/// (PKCS#8 PEM, mode 600) and signing/local.pub, generated once and then reused.
/// </summary>
public static class LocalSigningKey
{
    /// <summary>The private key file under <paramref name="stateRoot"/>.</summary>
    public static string PrivatePath(string stateRoot) => Path.Combine(stateRoot, "signing", "local.key");

    /// <summary>The public key file under <paramref name="stateRoot"/>.</summary>
    public static string PublicPath(string stateRoot) => Path.Combine(stateRoot, "signing", "local.pub");

    /// <summary>Generates the pair when missing (says where it is); a dry run only says it would.</summary>
    public static void Ensure(string stateRoot, IBuildLog log, bool dryRun = false)
    {
        var privatePath = PrivatePath(stateRoot);
        if (File.Exists(privatePath)) return;
        if (dryRun)
        {
            log.Info($"would generate this machine's signing key pair: {privatePath} (mode 600) and {PublicPath(stateRoot)}");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(privatePath)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var temp = privatePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(temp, options)) writer.Write(key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PublicPath(stateRoot), key.ExportSubjectPublicKeyInfoPem());
        File.Move(temp, privatePath, overwrite: false);
        log.Info($"generated this machine's image signing key pair: {privatePath} (private, mode 600) and {PublicPath(stateRoot)} " +
                 $"(public, {TrustedKey.KeyIdOf(key)}). Other machines verify its signatures once the .pub is listed in signing.trustedKeys");
    }
}
