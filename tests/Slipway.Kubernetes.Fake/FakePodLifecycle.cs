using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// What the fake kubelet does with a pod, decided by its image and probe, in cluster seconds:
/// an image whose digest is all zeros cannot be pulled (ErrImagePull, then ImagePullBackOff); an image or readiness path
/// containing "broken" runs but never passes readiness; anything else is running and ready <see cref="StartSeconds"/> after creation.
/// </summary>
public static class FakePodLifecycle
{
    public const double StartSeconds = 1;
    public const string UnpullableDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    public static void Advance(FakePod fake, double now, int minReadySeconds, Func<string> resourceVersion)
    {
        var pod = fake.Pod;
        var container = pod.Spec.Containers[0];
        var age = now - fake.CreatedAt;
        var before = FakeJson.Canonical(pod.Status);
        var scheduled = new V1PodCondition { Type = "PodScheduled", Status = "True" };
        V1ContainerState state;
        var ready = false;
        if (container.Image.EndsWith(UnpullableDigest, StringComparison.Ordinal))
            state = new V1ContainerState { Waiting = age < StartSeconds
                ? new V1ContainerStateWaiting { Reason = "ErrImagePull", Message = $"rpc error: code = NotFound desc = failed to pull and unpack image \"{container.Image}\": not found" }
                : new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = $"Back-off pulling image \"{container.Image}\"" } };
        else if (age < StartSeconds)
            state = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        else
        {
            state = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = pod.Metadata.CreationTimestamp } };
            ready = !container.Image.Contains("broken") && container.ReadinessProbe?.HttpGet?.Path?.Contains("broken") != true;
        }
        if (ready) fake.ReadySince ??= now; else fake.ReadySince = null;
        pod.Status = new V1PodStatus
        {
            Phase = state.Running is not null ? "Running" : "Pending",
            Conditions =
            [
                scheduled,
                new V1PodCondition { Type = "ContainersReady", Status = ready ? "True" : "False", Reason = ready ? null : "ContainersNotReady" },
                new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", Reason = ready ? null : "ContainersNotReady",
                    Message = ready ? null : $"containers with unready status: [{container.Name}]" },
            ],
            ContainerStatuses =
            [
                new V1ContainerStatus { Name = container.Name, Image = container.Image, ImageID = "", Ready = ready, RestartCount = 0,
                    Started = state.Running is not null, State = state },
            ],
        };
        if (FakeJson.Canonical(pod.Status) != before) pod.Metadata.ResourceVersion = resourceVersion();
    }

    /// <summary>Available = ready for at least minReadySeconds.</summary>
    public static bool IsAvailable(FakePod pod, double now, int minReadySeconds) =>
        pod.ReadySince is { } since && now - since >= minReadySeconds;

    public static bool IsReady(FakePod pod) => pod.ReadySince is not null;
}
