using HomeIQ.Influx.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Hosting.Tests;

public class RegistrationTests
{
    private static void AddValidInflux(IServiceCollection services) =>
        services.AddInflux(o => { o.Url = new Uri("http://127.0.0.1:1"); o.Api = InfluxApiVersion.V1; o.Database = "db"; });

    private static HostApplicationBuilder NewHostBuilder() =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

    [Fact]
    public async Task ThereIsOneClientForTheWholeApplication()
    {
        var services = new ServiceCollection();
        AddValidInflux(services);
        await using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<InfluxClient>();
        using var scope = provider.CreateScope();
        var fromScope = scope.ServiceProvider.GetRequiredService<InfluxClient>();

        Assert.Same(first, fromScope);
        Assert.Same(first, provider.GetRequiredService<InfluxClient>());
        Assert.Equal("db", first.Options.Database);
    }

    [Fact]
    public async Task CallingAddInfluxTwiceStillGivesOneClientAndOneValidator()
    {
        var services = new ServiceCollection();
        AddValidInflux(services);
        AddValidInflux(services);
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<InfluxClient>());
        Assert.Single(provider.GetServices<Microsoft.Extensions.Options.IValidateOptions<InfluxClientOptions>>());
    }

    [Fact]
    public async Task TheContainerDisposesTheClient()
    {
        var services = new ServiceCollection();
        AddValidInflux(services);
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<InfluxClient>();

        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PingAsync());
    }

    [Fact]
    public async Task WritersAreSingletonsPerMeasurementType()
    {
        var services = new ServiceCollection();
        AddValidInflux(services);
        services.AddMeasurementWriter<Temperature>(_ => new RecordingMeasurementWriter<Temperature>());
        services.AddMeasurementWriter<Power>(_ => new RecordingMeasurementWriter<Power>());
        await using var provider = services.BuildServiceProvider();

        var temperature = provider.GetRequiredService<IMeasurementWriter<Temperature>>();
        var power = provider.GetRequiredService<IMeasurementWriter<Power>>();

        Assert.IsType<RecordingMeasurementWriter<Temperature>>(temperature);
        Assert.IsType<RecordingMeasurementWriter<Power>>(power);
        Assert.Same(temperature, provider.GetRequiredService<IMeasurementWriter<Temperature>>());
        using var scope = provider.CreateScope();
        Assert.Same(temperature, scope.ServiceProvider.GetRequiredService<IMeasurementWriter<Temperature>>());
    }

    [Fact]
    public async Task TheWriterFactoryGetsTheRegisteredClient()
    {
        InfluxClient? seen = null;
        var services = new ServiceCollection();
        AddValidInflux(services);
        services.AddMeasurementWriter<Temperature>(sp =>
        {
            seen = sp.GetRequiredService<InfluxClient>();
            return new RecordingMeasurementWriter<Temperature>();
        });
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IMeasurementWriter<Temperature>>();

        Assert.Same(provider.GetRequiredService<InfluxClient>(), seen);
    }

    [Fact]
    public async Task RegisteringATypeAgainReplacesTheFactory()
    {
        var second = new RecordingMeasurementWriter<Temperature>();
        var services = new ServiceCollection();
        services.AddMeasurementWriter<Temperature>(_ => new RecordingMeasurementWriter<Temperature>());
        services.AddMeasurementWriter<Temperature>(_ => second);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(second, Assert.Single(provider.GetServices<IMeasurementWriter<Temperature>>()));
        Assert.Single(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task TheContainerDisposesWriters()
    {
        var recorder = new RecordingMeasurementWriter<Temperature>();
        var services = new ServiceCollection();
        services.AddMeasurementWriter<Temperature>(_ => recorder);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IMeasurementWriter<Temperature>>();

        await provider.DisposeAsync();

        Assert.True(recorder.IsDisposed);
    }

    [Fact]
    public async Task StoppingTheHostFlushesEveryWriterThatWasUsed()
    {
        var temperatures = new RecordingMeasurementWriter<Temperature>();
        var power = new CountingWriter<Power>();
        var builder = NewHostBuilder();
        AddValidInflux(builder.Services);
        builder.Services.AddMeasurementWriter<Temperature>(_ => temperatures);
        builder.Services.AddMeasurementWriter<Power>(_ => power);
        using var host = builder.Build();
        await host.StartAsync();
        var writer = host.Services.GetRequiredService<IMeasurementWriter<Temperature>>();
        await writer.WriteAsync(new Temperature("kitchen", 21.5));
        await writer.WriteAsync([new Temperature("hall", 19), new Temperature("attic", 12.25)]);
        host.Services.GetRequiredService<IMeasurementWriter<Power>>();
        Assert.Equal(3, temperatures.PendingCount);

        await host.StopAsync();

        Assert.Equal(1, temperatures.FlushCount);
        Assert.Equal(0, temperatures.PendingCount);
        Assert.False(temperatures.IsDisposed); // flushed by the hosted service, not by disposal
        Assert.Equal(1, power.Flushes);
    }

    [Fact]
    public async Task AWriterNobodyUsedIsNotCreatedJustToFlushIt()
    {
        int created = 0;
        var builder = NewHostBuilder();
        builder.Services.AddMeasurementWriter<Temperature>(_ => { created++; return new RecordingMeasurementWriter<Temperature>(); });
        using var host = builder.Build();
        await host.StartAsync();

        await host.StopAsync();

        Assert.Equal(0, created);
    }

    [Fact]
    public async Task PointsWrittenWhileOtherServicesStopAreFlushed()
    {
        var recorder = new RecordingMeasurementWriter<Temperature>();
        var builder = NewHostBuilder();
        builder.Services.AddMeasurementWriter<Temperature>(_ => recorder);
        // Registered after the writer, so the host stops it first (reverse order) - the flush must still come after it.
        builder.Services.AddHostedService<LastWordsProducer>();
        using var host = builder.Build();
        await host.StartAsync();

        await host.StopAsync();

        var line = Assert.Single(recorder.Lines);
        Assert.Equal("temperature,room=porch celsius=3.5", line);
        Assert.Equal(0, recorder.PendingCount);
        Assert.Equal(1, recorder.FlushCount);
    }

    [Fact]
    public async Task AFailingFlushDoesNotStopTheOthersAndIsLoggedWithoutFailingTheStop()
    {
        // Throwing out of the host's stop crashed the process (issue 14); the failure is an error log line instead.
        var failing = new CountingWriter<Power>(new InvalidOperationException("server gone"));
        var healthy = new CountingWriter<Temperature>();
        var logs = new CapturingLoggerFactory();
        var builder = NewHostBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddMeasurementWriter<Power>(_ => failing);
        builder.Services.AddMeasurementWriter<Temperature>(_ => healthy);
        using var host = builder.Build();
        await host.StartAsync();
        host.Services.GetRequiredService<IMeasurementWriter<Power>>();
        host.Services.GetRequiredService<IMeasurementWriter<Temperature>>();

        await host.StopAsync();

        Assert.Equal(1, failing.Flushes);
        Assert.Equal(1, healthy.Flushes);
        var failed = Assert.Single(logs.Entries, e => e.Id.Id == 2001);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains("server gone", failed.Text, StringComparison.Ordinal);
        Assert.Contains(typeof(Power).FullName!, failed.Text, StringComparison.Ordinal);
    }

    private sealed class LastWordsProducer(IMeasurementWriter<Temperature> writer) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) =>
            await writer.WriteAsync(new Temperature("porch", 3.5), cancellationToken);
    }
}
