using System.Runtime.InteropServices;
using Slipway.Tests.Kubernetes.Fake;
using Slipway.Tests.Kubernetes.FakeHost;

FakeHostOptions options;
try
{
    options = FakeHostOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true; // shut down cleanly ourselves instead of the runtime's default exit
    stop.Cancel();
}
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

var nodes = options.Nodes.Count > 0 ? options.Nodes : CatalogNodes.FromShippedCatalog();
await using var server = await FakeKubeApiServer.StartAsync(speed: 1,
    nodes.Select(n => (n.Name, (IReadOnlyDictionary<string, string>)n.Labels)));
await File.WriteAllTextAsync(options.KubeconfigPath, server.Kubeconfig());
Console.WriteLine($"serving {server.Url} with {nodes.Count} node(s): {string.Join(", ", nodes.Select(n => n.Name))}; kubeconfig {options.KubeconfigPath}");
Console.WriteLine("ready");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException) { }
Console.WriteLine("stopping");
return 0;
