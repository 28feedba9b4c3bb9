using Slipway.Engine;

namespace Slipway.Build;

partial class Build
{
    [Parameter("How images reach docker hosts: auto (the registry; SSH when it does not answer), registry, or ssh (docker save | ssh docker load, no push)")]
    public string Distribution = "auto";

    /// <summary>With --distribution ssh the image goes from the build engine straight to the hosts: nothing is pushed.</summary>
    bool PushesToTheRegistry => Slipway.Deploy.Docker.DistributionMode.Parse(Distribution) != Slipway.Deploy.Docker.DistributionMode.Ssh;
}
