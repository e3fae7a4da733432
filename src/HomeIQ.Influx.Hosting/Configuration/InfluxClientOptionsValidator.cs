using Microsoft.Extensions.Options;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Validates the options with <see cref="InfluxClientOptions.Validate"/> (each problem names its setting) plus any
/// malformed <c>INFLUXDB_*</c> variable. When the options came from a configuration section, each setting is named by
/// its full key (e.g. <c>InfluxDB:Url</c>), which is what the user has to fix in <c>appsettings.json</c>.
/// </summary>
internal sealed class InfluxClientOptionsValidator : IValidateOptions<InfluxClientOptions>
{
    private readonly string? _sectionPath;
    private readonly InfluxEnvironmentOverrides? _environment;

    public InfluxClientOptionsValidator(string? sectionPath, InfluxEnvironmentOverrides? environment)
    {
        _sectionPath = string.IsNullOrEmpty(sectionPath) ? null : sectionPath;
        _environment = environment;
    }

    public ValidateOptionsResult Validate(string? name, InfluxClientOptions options)
    {
        if (name != Options.DefaultName) return ValidateOptionsResult.Skip;
        var failures = new List<string>();
        if (_environment is not null) failures.AddRange(_environment.ProblemsOf(options));
        // Every message of InfluxClientOptions.Validate starts with the setting's name, which is also its configuration key.
        foreach (var problem in options.Validate())
            failures.Add(_sectionPath is null ? problem : $"{_sectionPath}:{problem}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
