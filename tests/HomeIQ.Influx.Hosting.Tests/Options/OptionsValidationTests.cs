using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HomeIQ.Influx.Hosting.Tests;

public class OptionsValidationTests
{
    private const string Secret = "tok-3f9a-very-secret";
    private const string SecretPassword = "pw-8c1e-very-secret";

    private static Dictionary<string, string?> ValidV1() => new()
    {
        ["InfluxDB:Url"] = "http://h:8086", ["InfluxDB:Api"] = "V1", ["InfluxDB:Database"] = "db", ["InfluxDB:Token"] = Secret,
    };

    private static OptionsValidationException Fails(Dictionary<string, string?> config, Dictionary<string, string>? environment = null) =>
        Assert.Throws<OptionsValidationException>(() => OptionsBindingTests.Resolve(config, environment));

    private static void AssertNoSecret(Exception ex)
    {
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SecretPassword, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidOptionsPass()
    {
        var options = OptionsBindingTests.Resolve(ValidV1());

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void MissingUrlNamesTheConfigurationKeyAndTheVariable()
    {
        var config = ValidV1();
        config.Remove("InfluxDB:Url");

        var ex = Fails(config);

        Assert.Contains("InfluxDB:Url is required (INFLUXDB_URL)", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex);
    }

    [Fact]
    public void UrlWithCredentialsIsRefusedWithoutEchoingThem()
    {
        var config = ValidV1();
        config["InfluxDB:Url"] = $"http://admin:{SecretPassword}@h:8086";

        var ex = Fails(config);

        Assert.Contains("InfluxDB:Url must not contain credentials", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex);
    }

    [Fact]
    public void UrlThatIsNotHttpIsRefused()
    {
        var config = ValidV1();
        config["InfluxDB:Url"] = "ftp://h:21";

        var ex = Fails(config);

        Assert.Contains("InfluxDB:Url must be an absolute http or https address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonPositiveTimeoutIsRefused()
    {
        var config = ValidV1();
        config["InfluxDB:Timeout"] = "00:00:00";

        var ex = Fails(config);

        Assert.Contains("InfluxDB:Timeout must be positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UsernameWithoutPasswordIsRefused()
    {
        var config = ValidV1();
        config["InfluxDB:Username"] = "admin";

        var ex = Fails(config);

        Assert.Contains("InfluxDB:Username and Password go together", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void V2NeedsOrgAndBucketAndBothProblemsAreListed()
    {
        var ex = Fails(new Dictionary<string, string?> { ["InfluxDB:Url"] = "http://h:8086", ["InfluxDB:Api"] = "V2", ["InfluxDB:Token"] = Secret });

        Assert.Contains("InfluxDB:Org is required for the v2 API (INFLUXDB_ORG)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("InfluxDB:Bucket is required for the v2 API (INFLUXDB_BUCKET)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Failures.Count());
        AssertNoSecret(ex);
    }

    [Fact]
    public void V1NeedsADatabase()
    {
        var config = ValidV1();
        config.Remove("InfluxDB:Database");

        var ex = Fails(config);

        Assert.Contains("InfluxDB:Database is required (INFLUXDB_DATABASE)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INFLUXDB_TIMEOUT", "soon", "INFLUXDB_TIMEOUT must be a positive whole number of milliseconds, not 'soon'.")]
    [InlineData("INFLUXDB_TIMEOUT", "-5", "INFLUXDB_TIMEOUT must be a positive whole number of milliseconds, not '-5'.")]
    [InlineData("INFLUXDB_API", "v9", "INFLUXDB_API must be v1, v2 or v3, not 'v9'.")]
    [InlineData("INFLUXDB_GZIP", "yes", "INFLUXDB_GZIP must be true or false, not 'yes'.")]
    [InlineData("INFLUXDB_URL", "not a url", "INFLUXDB_URL is not an absolute http(s) address: 'not a url'.")]
    public void AMalformedEnvironmentVariableIsNamed(string variable, string value, string message)
    {
        var ex = Fails(ValidV1(), new Dictionary<string, string> { [variable] = value });

        Assert.Contains(message, ex.Failures);
    }

    [Fact]
    public void AMalformedUrlVariableDoesNotEchoItsCredentials()
    {
        var ex = Fails(ValidV1(), new Dictionary<string, string> { ["INFLUXDB_URL"] = $"ftp://admin:{SecretPassword}@h" });

        Assert.Contains(ex.Failures, f => f.StartsWith("INFLUXDB_URL is not an absolute http(s) address: 'ftp://***@h'", StringComparison.Ordinal));
        AssertNoSecret(ex);
    }

    [Fact]
    public void CodeConfigurationMessagesNameTheProperty()
    {
        var services = new ServiceCollection();
        services.AddInflux(o => { o.Url = new Uri("http://h:8086"); o.Api = InfluxApiVersion.V1; o.Token = Secret; });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InfluxClientOptions>>().Value);

        Assert.Contains("Database is required (INFLUXDB_DATABASE).", ex.Failures);
        AssertNoSecret(ex);
    }

    [Fact]
    public async Task InvalidOptionsStopTheHostFromStarting()
    {
        var config = ValidV1();
        config.Remove("InfluxDB:Database");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddInflux(OptionsBindingTests.Section(config), _ => null);
        using var host = builder.Build();

        // ValidateOnStart: the host refuses to start, before anything resolves the client.
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("InfluxDB:Database is required", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex);
    }

    [Fact]
    public void ResolvingTheClientWithInvalidOptionsFailsWithTheValidationMessage()
    {
        var config = ValidV1();
        config.Remove("InfluxDB:Url");
        var services = new ServiceCollection();
        services.AddInflux(OptionsBindingTests.Section(config), _ => null);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<InfluxClient>());

        Assert.Contains("InfluxDB:Url is required", ex.Message, StringComparison.Ordinal);
    }
}
