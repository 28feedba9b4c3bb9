using System.Linq.Expressions;
using Slipway.Engine.Output;

namespace Slipway.Engine.Tests;

public sealed class ExpressionTextTests
{
    private string? Registry = null;
    private bool DryRun = false;
    private int Retries = 0;
    private string[] Services = [];

    private static string Render(Expression<Func<bool>> expression) => ExpressionText.Render(expression);

    [Fact]
    public void Members_of_this_read_as_bare_names() => Assert.Equal("Registry != null", Render(() => Registry != null));

    [Fact]
    public void Logical_operators_and_negation_read_as_written() =>
        Assert.Equal("Registry != null && !DryRun", Render(() => Registry != null && !DryRun));

    [Fact]
    public void Parentheses_are_kept_only_where_precedence_needs_them()
    {
        Assert.Equal("(DryRun || Retries > 1) && Registry == \"x\"", Render(() => (DryRun || Retries > 1) && Registry == "x"));
        Assert.Equal("!(DryRun && Retries == 0)", Render(() => !(DryRun && Retries == 0)));
    }

    [Fact]
    public void Captured_locals_read_as_their_names()
    {
        var local = 3;
        Assert.Equal("Retries >= local", Render(() => Retries >= local));
    }

    [Fact]
    public void Method_calls_and_nested_members_read_naturally()
    {
        Assert.Equal("Services.Contains(\"orders\")", Render(() => Services.Contains("orders")));
        Assert.Equal("Services.Length > 0", Render(() => Services.Length > 0));
        Assert.Equal("String.IsNullOrEmpty(Registry)", Render(() => string.IsNullOrEmpty(Registry)));
    }
}
