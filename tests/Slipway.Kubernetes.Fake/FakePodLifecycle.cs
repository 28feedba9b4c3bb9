using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// What the fake kubelet does with a pod once <see cref="FakeScheduler"/> bound it, decided by its image and probe, in
/// cluster seconds since the binding (an unbound pod is Pending, with the scheduler's Unschedulable condition once tried):
/// an image whose digest is all zeros cannot be pulled (ErrImagePull, then ImagePullBackOff); an image or readiness path
/// containing "broken" runs but never passes readiness; anything else is running and ready <see cref="StartSeconds"/> after binding.
/// </summary>
public static class FakePodLifecycle
{
    public const double StartSeconds = 1;
    public const string UnpullableDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    public static void Advance(FakePod fake, double now, int minReadySeconds, Func<string> resourceVersion)
    {
        var pod = fake.Pod;
        var before = FakeJson.Canonical(pod.Status);
        pod.Status = fake.BoundAt is { } boundAt ? Bound(fake, now - boundAt) : Unbound(fake);
        if (FakeJson.Canonical(pod.Status) != before) pod.Metadata.ResourceVersion = resourceVersion();
    }

    /// <summary>Not on a node yet: Pending, with the scheduler's verdict once it has tried.</summary>
    private static V1PodStatus Unbound(FakePod fake) => new()
    {
        Phase = "Pending",
        Conditions = fake.Unschedulable is null ? null :
            [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = fake.Unschedulable }],
    };

    /// <summary>On a node for <paramref name="age"/> cluster seconds: the kubelet's view of the container.</summary>
    private static V1PodStatus Bound(FakePod fake, double age)
    {
        var pod = fake.Pod;
        var container = pod.Spec.Containers[0];
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
        var now = fake.BoundAt!.Value + age;
        if (ready) fake.ReadySince ??= now; else fake.ReadySince = null;
        var podIp = pod.Spec.HostNetwork == true ? fake.HostIp! : PodNetworkIp(pod);
        return new V1PodStatus
        {
            Phase = state.Running is not null ? "Running" : "Pending",
            HostIP = fake.HostIp, HostIPs = [new V1HostIP { Ip = fake.HostIp }],
            PodIP = podIp, PodIPs = [new V1PodIP { Ip = podIp }],
            StartTime = pod.Metadata.CreationTimestamp!.Value.AddSeconds(fake.BoundAt!.Value - fake.CreatedAt),
            Conditions =
            [
                new V1PodCondition { Type = "PodScheduled", Status = "True" },
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
    }

    /// <summary>An address in the pod network (10.244.0.0/16) derived from the pod's UID, for pods off the host network.</summary>
    private static string PodNetworkIp(V1Pod pod)
    {
        var hash = (uint)pod.Metadata.Uid.GetHashCode();
        return $"10.244.{hash % 256}.{1 + hash / 256 % 254}";
    }

    /// <summary>Available = ready for at least minReadySeconds.</summary>
    public static bool IsAvailable(FakePod pod, double now, int minReadySeconds) =>
        pod.ReadySince is { } since && now - since >= minReadySeconds;

    public static bool IsReady(FakePod pod) => pod.ReadySince is not null;
}
