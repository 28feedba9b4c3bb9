using System.Net.Http.Headers;
using System.Reflection;

namespace Slipway.Registry;

/// <summary>Names Slipway in every registry and token request (<c>User-Agent: slipway/&lt;version&gt;</c>), as registry operators expect in their logs.</summary>
internal sealed class UserAgentHandler : DelegatingHandler
{
    /// <summary>"slipway/1.0.0": the informational version without its build metadata.</summary>
    public static readonly ProductInfoHeaderValue Value = new("slipway", Version());

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.UserAgent.Clear();
        request.Headers.UserAgent.Add(Value);
        return base.SendAsync(request, ct);
    }

    private static string Version()
    {
        var version = typeof(UserAgentHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
