namespace Slipway.Processes;

/// <summary>
/// What one kind of git call adds to <see cref="GitRunner"/>'s environment: config entries (passed as
/// GIT_CONFIG_KEY_n/VALUE_n after the safety config, so nothing is written to any config file) and variables
/// (e.g. GIT_SSH_COMMAND). Neither may hold a secret: a secret travels in a variable the process already has.
/// </summary>
public sealed record GitExtras(IReadOnlyList<KeyValuePair<string, string>> Config, IReadOnlyDictionary<string, string> Variables)
{
    public static readonly GitExtras None = new([], new Dictionary<string, string>());
}
