using Slipway.Engine;
using Slipway.Releases;

namespace Slipway.Build;

partial class Build
{
    Target VerifyLedger => _ => _
        .Description("Check the hash chain of --env's release ledger; names the first broken or missing line and fails when there is one")
        .Requires(() => Env)
        .Executes(async () => await LedgerVerification.VerifyAsync(Context, Env!));
}
