namespace EnergyAggregator;

public sealed class AggregatorOptions
{
    public string Url { get; set; } = "http://localhost:8086";
    public string Token { get; set; } = "";
    public string Org { get; set; } = "home";
    public string SourceBucket { get; set; } = "raw";
    public string TargetBucket { get; set; } = "hourly";
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(1);
}
