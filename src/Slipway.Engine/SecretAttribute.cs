namespace Slipway.Engine;

/// <summary>
/// Marks a parameter whose value must never be printed: <c>--help</c> shows <c>&lt;secret&gt;</c>,
/// and every line the engine writes has the value masked.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public class SecretAttribute : Attribute;
