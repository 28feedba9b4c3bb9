namespace Slipway.TestSupport;

/// <summary>Polls a service's /health on 127.0.0.1 with a deadline (a restarted container needs Tomcat's start time).</summary>
public static class HealthPoll
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>200 as soon as the service answers it; else the last status seen (0: never answered) when the deadline passes.</summary>
    public static async Task<int> StatusWithinAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = 0;
        while (DateTime.UtcNow < deadline)
        {
            try { last = (int)(await Http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode; if (last == 200) return last; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        return last;
    }
}
