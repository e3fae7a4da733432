namespace Dashboard.Services;

public sealed class InfluxSettings
{
    public string Url { get; set; } = "http://localhost:8086";
    public string Token { get; set; } = "";
    public string Org { get; set; } = "home";
    public string Bucket { get; set; } = "home";
}
