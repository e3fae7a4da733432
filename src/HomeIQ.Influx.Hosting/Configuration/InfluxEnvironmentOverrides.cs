using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Applies the <c>INFLUXDB_*</c> environment variables over options bound from configuration, so a deployment can
/// override <c>appsettings.json</c> without editing it. A variable that is unset or empty leaves the setting alone.
/// A malformed variable leaves the setting alone too and is reported by <see cref="InfluxClientOptionsValidator"/>
/// (at start, with <c>ValidateOnStart</c>), so one bad variable lists together with every other problem.
/// </summary>
internal sealed class InfluxEnvironmentOverrides : IPostConfigureOptions<InfluxClientOptions>
{
    private readonly Func<string, string?> _getVariable;

    // Problems belong to the options instance they were found for (IOptionsMonitor may build several over time).
    private readonly ConditionalWeakTable<InfluxClientOptions, List<string>> _problems = new();

    public InfluxEnvironmentOverrides(Func<string, string?> getVariable) => _getVariable = getVariable;

    public void PostConfigure(string? name, InfluxClientOptions options)
    {
        if (name != Options.DefaultName) return;
        var problems = new List<string>();
        if (Read("INFLUXDB_URL") is { } url)
        {
            if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                options.Url = uri;
            else
                problems.Add($"INFLUXDB_URL is not an absolute http(s) address: '{InfluxRedaction.RedactUserInfo(url)}'.");
        }
        if (Read("INFLUXDB_TOKEN") is { } token) options.Token = token;
        if (Read("INFLUXDB_USERNAME") is { } username) options.Username = username;
        if (Read("INFLUXDB_PASSWORD") is { } password) options.Password = password;
        if (Read("INFLUXDB_ORG") is { } org) options.Org = org;
        if (Read("INFLUXDB_BUCKET") is { } bucket) options.Bucket = bucket;
        if (Read("INFLUXDB_DATABASE") is { } database) options.Database = database;
        if (Read("INFLUXDB_RETENTION_POLICY") is { } rp) options.RetentionPolicy = rp;
        if (Read("INFLUXDB_TIMEOUT") is { } timeout)
        {
            if (int.TryParse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0)
                options.Timeout = TimeSpan.FromMilliseconds(ms);
            else
                problems.Add($"INFLUXDB_TIMEOUT must be a positive whole number of milliseconds, not '{timeout}'.");
        }
        if (Read("INFLUXDB_API") is { } api)
        {
            InfluxApiVersion? version = api.Trim().ToLowerInvariant() switch
            {
                "v1" or "1" => InfluxApiVersion.V1,
                "v2" or "2" => InfluxApiVersion.V2,
                "v3" or "3" => InfluxApiVersion.V3,
                _ => null,
            };
            if (version is { } v) options.Api = v;
            else problems.Add($"INFLUXDB_API must be v1, v2 or v3, not '{api}'.");
        }
        if (Read("INFLUXDB_GZIP") is { } gzip)
        {
            if (bool.TryParse(gzip.Trim(), out var g)) options.Gzip = g;
            else problems.Add($"INFLUXDB_GZIP must be true or false, not '{gzip}'.");
        }
        _problems.AddOrUpdate(options, problems);
    }

    /// <summary>The malformed variables found while configuring <paramref name="options"/> (empty when none).</summary>
    public IReadOnlyList<string> ProblemsOf(InfluxClientOptions options) =>
        _problems.TryGetValue(options, out var problems) ? problems : [];

    private string? Read(string variable)
    {
        var value = _getVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
