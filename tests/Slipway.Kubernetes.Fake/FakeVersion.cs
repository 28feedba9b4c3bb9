using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>The Kubernetes version the fake claims (GET /version), close to the kubectl on these machines (1.32/1.33).</summary>
public static class FakeVersion
{
    public const string GitVersion = "v1.33.0-fake";

    public static JsonObject Info() => new()
    {
        ["major"] = "1", ["minor"] = "33", ["gitVersion"] = GitVersion, ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean", ["buildDate"] = "2026-01-01T00:00:00Z", ["goVersion"] = "go1.24.0", ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
