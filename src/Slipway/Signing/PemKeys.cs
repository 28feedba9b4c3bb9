using System.Security.Cryptography;
using Slipway.Diagnostics;

namespace Slipway.Signing;

/// <summary>Reads ECDSA P-256 keys from PEM text; errors name the input, never its content.</summary>
internal static class PemKeys
{
    public static ECDsa ImportPrivate(string pem, string input) => Import(pem, input, "private key",
        "use an unencrypted ECDSA P-256 private key in PEM (openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt)");

    public static ECDsa ImportPublic(string pem, string input) => Import(pem, input, "public key",
        "use an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----)");

    private static ECDsa Import(string pem, string input, string what, string fix)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw SlipwayException.Input(input, $"is not a PEM {what} this machine can read", fix);
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw SlipwayException.Input(input, $"is a {key.KeySize}-bit EC key, not P-256", fix);
        }
        return key;
    }
}
