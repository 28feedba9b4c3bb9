using Slipway.Diagnostics;
using Slipway.Engine;
using Slipway.Registry;
using Slipway.Releases.Gates;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Freeze, Unfreeze and --override-gates: why (recorded in the release ledger)")]
    public string? Reason;

    [Parameter("Deploy, Promote: pass a closed deploy window or missing soak time, with --reason (recorded; never passes a freeze or missing approvals)")]
    public bool OverrideGates;

    [Parameter("Approve: the manifest digest approved (sha256:...); a new digest needs new approvals")]
    public string? Digest;

    [Parameter("Approve: approve an --override-gates for the digest (when the catalog's gates.overrideApprovals asks for it)")]
    public bool ForOverride;

    [Parameter("Approve: take back your standing approval of --digest instead")]
    public bool Withdraw;

    /// <summary>--override-gates with its reason, checked once when the parameters are bound.</summary>
    string? GateOverrideReason => !OverrideGates ? null
        : string.IsNullOrWhiteSpace(Reason)
            ? throw SlipwayException.Input("--override-gates", "needs --reason", "say why, e.g. --override-gates --reason \"hotfix for incident 4711\"")
            : Reason;

    Target Freeze => _ => _
        .Description("Stop every deploy, promotion and rollback into --env until Unfreeze (--reason TEXT; who, when and why go to the ledger and Status)")
        .Requires(() => Env)
        .Executes(async () => await Freezes.FreezeAsync(Context, Reason ?? ""));

    Target Unfreeze => _ => _
        .Description("End the freeze of --env (recorded in the ledger)")
        .Requires(() => Env)
        .Executes(async () => await Freezes.UnfreezeAsync(Context, Reason));

    Target Approve => _ => _
        .Description("Approve --digest of --service for --env as $SLIPWAY_ACTOR (one of the catalog's approvers), or --withdraw it; recorded, bound to the digest")
        .Requires(() => Env)
        .Requires(() => Digest)
        .Executes(async () =>
        {
            if (Runs.Count != 1 || Service.Length != 1)
                throw SlipwayException.Input("--service", "Approve needs exactly one service", "name it, e.g. --service greeting-web");
            var digest = Slipway.Registry.Digest.Parse(Digest!, "--digest");
            await Approvals.ApproveAsync(Context, Runs[0].Service, digest.Value, ForOverride, Withdraw);
        });
}
