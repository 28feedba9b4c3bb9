namespace Slipway.Deploy.Docker;

/// <summary>Polls a health URL until it answers 200, the deadline passes, or <c>stillAlive</c> says stop.</summary>
public static class HealthProbe
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public static async Task<(bool Healthy, string LastObservation)> WaitAsync(Uri url, TimeSpan timeout,
        Func<Task<bool>> stillAlive, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync(url, ct);
                if ((int)response.StatusCode == 200) return (true, "200 OK");
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { last = "timed out"; }
            if (!await stillAlive()) return (false, $"the container exited ({last})");
            await Task.Delay(250, ct);
        }
        return (false, $"not healthy within {timeout.TotalSeconds:0}s ({last})");
    }
}
