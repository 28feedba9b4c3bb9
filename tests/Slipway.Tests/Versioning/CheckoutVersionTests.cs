using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Pipeline;

namespace Slipway.Tests.Versioning;

/// <summary>The reported case, through the Checkout step: a repository whose only branch GitVersion cannot version.</summary>
public class CheckoutVersionTests
{
    private const string UnusualBranch = "Team_X+weird";

    [Fact]
    public async Task Checkout_of_a_repository_with_only_an_unusually_named_branch_goes_on_with_the_fallback_version()
    {
        await using var chain = await LocalChain.StartAsync(catalog =>
            catalog["services"]![LocalChain.Service]!["branch"] = UnusualBranch);
        await chain.Source.GitAsync("branch", "-m", "main", UnusualBranch);
        var sha = await chain.Source.GitAsync("rev-parse", "HEAD");
        using var ctx = chain.Context();
        var run = new ServiceRun(LocalChain.Service, ctx.Catalog.Resolve(LocalChain.Service, ctx.Environment));

        await CheckoutStep.RunAsync(ctx, run);

        Assert.Equal($"0.0.0-team-x-weird.1+{sha[..7]}", run.Version!.FullSemVer);
        Assert.Contains(chain.Log.Lines, l => l.StartsWith("WARN:", StringComparison.Ordinal) && l.Contains("No base versions"));
        Assert.NotNull(run.BuildKey);
    }
}
