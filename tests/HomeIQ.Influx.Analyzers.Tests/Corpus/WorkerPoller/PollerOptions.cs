namespace Poller;

public sealed class PollerOptions
{
    public string InfluxUrl { get; set; } = "http://localhost:8086";
    public string Token { get; set; } = "";
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
