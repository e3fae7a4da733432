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
    private readonly ConditionalWeakTable<InfluxClientOptions, IReadOnlyList<string>> _problems = new();

    public InfluxEnvironmentOverrides(Func<string, string?> getVariable) => _getVariable = getVariable;

    public void PostConfigure(string? name, InfluxClientOptions options)
    {
        if (name != Options.DefaultName) return;
        // The core's one reader of INFLUXDB_* (the same one InfluxClientOptions.FromEnvironment uses).
        _problems.AddOrUpdate(options, options.ApplyVariables(_getVariable));
    }

    /// <summary>The malformed variables found while configuring <paramref name="options"/> (empty when none).</summary>
    public IReadOnlyList<string> ProblemsOf(InfluxClientOptions options) =>
        _problems.TryGetValue(options, out var problems) ? problems : [];
}
