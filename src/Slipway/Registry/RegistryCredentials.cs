namespace Slipway.Registry;

/// <summary>Username and password (or token) for a registry. <see cref="ToString"/> never shows the password.</summary>
/// <param name="Username">User name.</param>
/// <param name="Password">Password or access token; never logged.</param>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>"user (password hidden)".</summary>
    public override string ToString() => $"{Username} (password hidden)";
}
