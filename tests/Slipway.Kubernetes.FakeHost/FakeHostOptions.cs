namespace Slipway.Tests.Kubernetes.FakeHost;

/// <summary>The command line: <c>--kubeconfig PATH [--node NAME[:key=value,...]]...</c>.</summary>
public sealed record FakeHostOptions(string KubeconfigPath, IReadOnlyList<(string Name, Dictionary<string, string> Labels)> Nodes)
{
    public const string Usage = "usage: Slipway.Kubernetes.FakeHost --kubeconfig PATH [--node NAME[:key=value,...]]...";

    public static FakeHostOptions Parse(string[] args)
    {
        string? kubeconfig = null;
        var nodes = new List<(string, Dictionary<string, string>)>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            switch (args[i])
            {
                case "--kubeconfig": kubeconfig = value; break;
                case "--node": nodes.Add(ParseNode(value)); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'\n{Usage}");
            }
            i++;
        }
        return new FakeHostOptions(kubeconfig ?? throw new ArgumentException($"--kubeconfig is required\n{Usage}"), nodes);
    }

    private static (string, Dictionary<string, string>) ParseNode(string value)
    {
        var colon = value.IndexOf(':');
        var name = colon < 0 ? value : value[..colon];
        var labels = new Dictionary<string, string>();
        if (colon >= 0)
            foreach (var pair in value[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) throw new ArgumentException($"--node {value}: '{pair}' is not key=value");
                labels[pair[..eq]] = pair[(eq + 1)..];
            }
        if (name.Length == 0) throw new ArgumentException($"--node {value}: no node name");
        return (name, labels);
    }
}
