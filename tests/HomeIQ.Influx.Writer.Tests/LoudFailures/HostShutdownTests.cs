using HomeIQ.Influx.Testing;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests.LoudFailures;

/// <summary>The hosted flush service in a generic host in this process, where its log lines can be read back exactly.</summary>
public sealed class HostShutdownTests
{
    private const int Points = 700;

    [Fact]
    public async Task WithTheDurableBufferTheHostSaysThePointsItCouldNotDeliverAreKeptOnDisk()
    {
        var folder = Path.Combine(Path.GetTempPath(), "homeiq-hostkept-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var logs = new CapturingLoggerFactory();
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.AddProvider(logs);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            builder.Services.AddInflux(o => { o.Url = DeadUrl(); o.Database = "db"; o.Api = InfluxApiVersion.V1; });
            builder.Services.AddMeasurementWriter<SensorReading>(o => o.DurableBufferPath = folder);
            using (var host = builder.Build())
            {
                await host.StartAsync();
                var writer = host.Services.GetRequiredService<IMeasurementWriter<SensorReading>>();
                await writer.WriteAsync(ConfigurationFailureTests.Readings("kept", Points).ToArray().AsMemory());
                await host.StopAsync(); // never throws, whatever the writer met
            }
            var kept = Assert.Single(logs.Entries, e => e.Id.Id == 2004);
            Assert.Equal(LogLevel.Warning, kept.Level);
            Assert.Contains($"could not deliver {Points} points before the host stopped; they are kept in its durable buffer", kept.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(logs.Entries, e => e.Id.Id == 2003); // nothing was lost

            // The points are on disk: a writer on the folder recovers every one.
            using var client = new InfluxClient(new InfluxClientOptions { Url = DeadUrl(), Database = "db", Api = InfluxApiVersion.V1 });
            await using var next = client.CreateWriter<SensorReading>(new WriteOptions { DurableBufferPath = folder, DisposeTimeout = TimeSpan.Zero, OnWriteFailed = _ => { } });
            Assert.Equal(Points, next.RecoveredPoints);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static Uri DeadUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
