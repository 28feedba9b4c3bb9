using Slipway.Engine;

namespace Slipway.Build;

partial class Build
{
    [Parameter("With --dry-run: also read what runs now (read-only engine calls, the manifests working copy) and print a diff")]
    public bool DryRunDiff;
}
