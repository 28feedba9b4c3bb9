using System.Text;
using CliWrap;
using Docker.DotNet;
using Slipway.Diagnostics;
using Slipway.Diagnostics.Progress;
using Slipway.Processes;

namespace Slipway.Deploy.Docker;

/// <summary>
/// The SSH distribution path: streams <c>docker save</c> from the build engine through <c>ssh</c> into <c>docker load</c> on
/// the host (no temp file on either side), then checks that the host has the same image ID. Manifest digests do not survive
/// save/load; the image ID (the config digest) does.
/// </summary>
public static class SshImageTransfer
{
    /// <summary>Sends <paramref name="image"/> (a reference or ID the build engine has) to <paramref name="target"/>; returns its image ID.</summary>
    public static async Task<string> SendAsync(IDockerClient source, string image, SshEndpoint target, IBuildLog log, CancellationToken ct = default)
    {
        var inspected = await source.Images.InspectImageAsync(image, ct);
        var localId = inspected.ID;
        var args = target.Arguments(target.Docker("load"));
        log.Info($"[{target.HostName}] streaming docker save {image} over ssh into docker load on {target.Display}");
        log.Detail($"ssh {ProcessRunner.Describe("ssh", args)}");
        await using var saved = await source.Images.SaveImageAsync(image, ct);
        // The tar is about the image's size: a fair total for the progress of the save-load bytes.
        await using var tar = new ProgressStream(saved, log.Progress.StartTransfer($"save/load {image} -> {target.HostName}", inspected.Size), inspected.Size);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var result = await Cli.Wrap("ssh").WithArguments(args)
            .WithStandardInputPipe(PipeSource.FromStream(tar))
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(ct);
        if (result.ExitCode != 0) throw target.Failure($"docker load of {image}", result.ExitCode, stderr.ToString());
        log.Detail($"[{target.HostName}] {stdout.ToString().Trim()}");

        // Ask for the reference that was saved: a loaded tag must resolve to the very same image ID. A digest reference
        // does not survive save/load (the archive carries no repo digests), so such an image is asked for by its ID.
        var remoteId = await RemoteImageIdAsync(target, image.Contains('@') ? localId : image, ct);
        if (remoteId != localId)
            throw new SlipwayException($"After docker load on host '{target.HostName}', the image ID there is {remoteId}, not {localId} " +
                                       "as in the build engine: the image did not arrive intact. Fix: check the host's disk and engine, then deploy again");
        log.Info($"[{target.HostName}] has image {localId[..Math.Min(19, localId.Length)]} (image ID verified) after {result.RunTime.TotalSeconds:0.0}s");
        return localId;
    }

    private static async Task<string> RemoteImageIdAsync(SshEndpoint target, string image, CancellationToken ct)
    {
        var inspect = await ProcessRunner.RunAsync("ssh", target.Arguments(target.Docker("image", "inspect", "--format", "{{.Id}}", image)),
            cancellationToken: ct);
        if (!inspect.Succeeded) throw target.Failure($"docker image inspect {image}", inspect.ExitCode, inspect.StandardErrorText);
        return inspect.StandardOutputText.Trim();
    }
}
