using Slipway.Registry;

namespace Slipway.Deploy;

/// <summary>How an image reached the targets of a deploy.</summary>
public enum DeliveryRoute
{
    /// <summary>The targets pulled the digest from the environment's registry (every mode's normal way).</summary>
    RegistryPull,
    /// <summary>The build engine's copy was streamed to docker hosts over SSH and loaded there; it runs by image ID.</summary>
    SshLoad,
}

/// <summary>How an image reached the targets, recorded in the ledger.</summary>
/// <param name="Route">Registry pull or SSH load.</param>
/// <param name="ImageId">For an SSH load: the engine's image ID (the config digest), never a registry digest.</param>
/// <param name="InRegistry">False when the registry never got the image (its push failed): only the build engine and the hosts have it.</param>
public sealed record ImageDelivery(DeliveryRoute Route, ImageId? ImageId = null, bool InRegistry = true)
{
    public static readonly ImageDelivery Pulled = new(DeliveryRoute.RegistryPull);

    /// <summary>The ledger's word for the route: <c>registry</c> or <c>ssh</c>.</summary>
    public string LedgerName => Route == DeliveryRoute.SshLoad ? "ssh" : "registry";

    /// <summary>One line for people, e.g. "delivered over ssh (image ID sha256:...)".</summary>
    public string? Describe(string registryHost) => Route == DeliveryRoute.RegistryPull ? null
        : $"delivered over ssh (image ID {ImageId})" + (InRegistry ? ""
            : $"; the registry never got this image (no push reached {registryHost}): it exists only in the build engine and on the hosts");
}
