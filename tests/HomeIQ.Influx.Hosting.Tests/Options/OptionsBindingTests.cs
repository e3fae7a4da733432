using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HomeIQ.Influx.Hosting.Tests;

public class OptionsBindingTests
{
    private static readonly Dictionary<string, string?> FullSection = new()
    {
        ["InfluxDB:Url"] = "http://config-host:8086",
        ["InfluxDB:Token"] = "config-token",
        ["InfluxDB:Org"] = "config-org",
        ["InfluxDB:Bucket"] = "config-bucket",
        ["InfluxDB:Database"] = "config-db",
        ["InfluxDB:RetentionPolicy"] = "config-rp",
        ["InfluxDB:Timeout"] = "00:00:07",
        ["InfluxDB:Api"] = "v1",
        ["InfluxDB:Gzip"] = "true",
        ["InfluxDB:Username"] = "config-user",
        ["InfluxDB:Password"] = "config-pass",
        ["InfluxDB:DangerousAcceptAnyServerCertificate"] = "true",
    };

    internal static IConfigurationSection Section(IDictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("InfluxDB");

    internal static InfluxClientOptions Resolve(IDictionary<string, string?> config, IDictionary<string, string>? environment = null)
    {
        var services = new ServiceCollection();
        services.AddInflux(Section(config), name => environment is not null && environment.TryGetValue(name, out var v) ? v : null);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<InfluxClientOptions>>().Value;
    }

    [Fact]
    public void BindsEverySettingFromTheConfigurationSection()
    {
        var options = Resolve(FullSection);

        Assert.Equal(new Uri("http://config-host:8086"), options.Url);
        Assert.Equal("config-token", options.Token);
        Assert.Equal("config-org", options.Org);
        Assert.Equal("config-bucket", options.Bucket);
        Assert.Equal("config-db", options.Database);
        Assert.Equal("config-rp", options.RetentionPolicy);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
        Assert.Equal(InfluxApiVersion.V1, options.Api);
        Assert.True(options.Gzip);
        Assert.Equal("config-user", options.Username);
        Assert.Equal("config-pass", options.Password);
        Assert.True(options.DangerousAcceptAnyServerCertificate);
    }

    [Fact]
    public void SettingsMissingFromConfigurationKeepTheirDefaults()
    {
        var options = Resolve(new Dictionary<string, string?> { ["InfluxDB:Url"] = "http://h:8086", ["InfluxDB:Org"] = "o", ["InfluxDB:Bucket"] = "b" });

        Assert.Equal(InfluxClientOptions.DefaultTimeout, options.Timeout);
        Assert.Equal(InfluxApiVersion.V2, options.Api);
        Assert.False(options.Gzip);
        Assert.Null(options.Token);
    }

    [Theory]
    [InlineData("INFLUXDB_URL", "http://env-host:9999")]
    [InlineData("INFLUXDB_TOKEN", "env-token")]
    [InlineData("INFLUXDB_ORG", "env-org")]
    [InlineData("INFLUXDB_BUCKET", "env-bucket")]
    [InlineData("INFLUXDB_DATABASE", "env-db")]
    [InlineData("INFLUXDB_RETENTION_POLICY", "env-rp")]
    [InlineData("INFLUXDB_USERNAME", "env-user")]
    [InlineData("INFLUXDB_PASSWORD", "env-pass")]
    [InlineData("INFLUXDB_TIMEOUT", "1500")]
    [InlineData("INFLUXDB_API", "v3")]
    [InlineData("INFLUXDB_GZIP", "false")]
    public void AnEnvironmentVariableWinsOverConfiguration(string variable, string value)
    {
        var options = Resolve(FullSection, new Dictionary<string, string> { [variable] = value });

        object actual = variable switch
        {
            "INFLUXDB_URL" => options.Url!.ToString().TrimEnd('/'),
            "INFLUXDB_TOKEN" => options.Token!,
            "INFLUXDB_ORG" => options.Org!,
            "INFLUXDB_BUCKET" => options.Bucket!,
            "INFLUXDB_DATABASE" => options.Database!,
            "INFLUXDB_RETENTION_POLICY" => options.RetentionPolicy!,
            "INFLUXDB_USERNAME" => options.Username!,
            "INFLUXDB_PASSWORD" => options.Password!,
            "INFLUXDB_TIMEOUT" => ((long)options.Timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "INFLUXDB_API" => "v" + (int)options.Api,
            "INFLUXDB_GZIP" => options.Gzip ? "true" : "false",
            _ => throw new ArgumentOutOfRangeException(nameof(variable)),
        };
        Assert.Equal(value, actual);
        // Everything else still comes from configuration.
        if (variable != "INFLUXDB_ORG") Assert.Equal("config-org", options.Org);
        if (variable != "INFLUXDB_TOKEN") Assert.Equal("config-token", options.Token);
    }

    [Fact]
    public void EmptyEnvironmentVariablesLeaveConfigurationAlone()
    {
        var environment = new Dictionary<string, string> { ["INFLUXDB_URL"] = "", ["INFLUXDB_TOKEN"] = "  ", ["INFLUXDB_TIMEOUT"] = "" };

        var options = Resolve(FullSection, environment);

        Assert.Equal(new Uri("http://config-host:8086"), options.Url);
        Assert.Equal("config-token", options.Token);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
    }

    [Fact]
    public void EnvironmentVariablesAloneAreEnoughWhenTheSectionIsEmpty()
    {
        var environment = new Dictionary<string, string>
        {
            ["INFLUXDB_URL"] = "http://env-only:8086", ["INFLUXDB_API"] = "v1", ["INFLUXDB_DATABASE"] = "env-db",
        };

        var options = Resolve(new Dictionary<string, string?>(), environment);

        Assert.Equal(new Uri("http://env-only:8086"), options.Url);
        Assert.Equal(InfluxApiVersion.V1, options.Api);
        Assert.Equal("env-db", options.Database);
    }

    [Fact]
    public void CodeConfigurationBindsAndIsValidated()
    {
        var services = new ServiceCollection();
        services.AddInflux(o => { o.Url = new Uri("http://code:8086"); o.Api = InfluxApiVersion.V3; o.Database = "code-db"; });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InfluxClientOptions>>().Value;

        Assert.Equal(new Uri("http://code:8086"), options.Url);
        Assert.Equal("code-db", options.Target);
    }
}

/// <summary>The one test that touches the real process environment; it runs alone so no other test sees its variables.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public class ProcessEnvironmentCollection;

[Collection(nameof(ProcessEnvironmentCollection))]
public class ProcessEnvironmentTests
{
    [Fact]
    public void TheDefaultOverloadReadsTheProcessEnvironment()
    {
        var before = Environment.GetEnvironmentVariable("INFLUXDB_DATABASE");
        Environment.SetEnvironmentVariable("INFLUXDB_DATABASE", "from-process-env");
        try
        {
            var services = new ServiceCollection();
            services.AddInflux(OptionsBindingTests.Section(new Dictionary<string, string?>
            {
                ["InfluxDB:Url"] = "http://h:8086", ["InfluxDB:Api"] = "V1", ["InfluxDB:Database"] = "from-config",
            }));
            using var provider = services.BuildServiceProvider();

            Assert.Equal("from-process-env", provider.GetRequiredService<IOptions<InfluxClientOptions>>().Value.Database);
        }
        finally
        {
            Environment.SetEnvironmentVariable("INFLUXDB_DATABASE", before);
        }
    }
}
