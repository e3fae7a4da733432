using System.Diagnostics;
using HomeIQ.Influx.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HomeIQ.Influx.OpenTelemetry.Tests;

/// <summary>
/// AddInfluxInstrumentation() as a user wires it: OpenTelemetry's SDK with the in-memory exporter, a writer writing to
/// the real influxd through the kit's fault proxy, which answers the first write with 503 so that the retry shows.
/// </summary>
public sealed class InstrumentationTests(InfluxClientFixture fixture) : IClassFixture<InfluxClientFixture>
{
    private const int Points = 25;

    [Fact]
    public async Task MetricsAndOneSpanPerHTTPAttemptReachTheExportersWithTheSemanticConventionNames()
    {
        var writerName = "otel-" + Guid.NewGuid().ToString("N")[..8];
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddInfluxInstrumentation().AddInMemoryExporter(metrics).Build();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddInfluxInstrumentation().AddInMemoryExporter(spans).Build();

        int writes = 0;
        await using var proxy = new FaultInjectingProxy(fixture.Server.Url, request =>
            request.PathAndQuery.StartsWith("/write", StringComparison.Ordinal) && Interlocked.Increment(ref writes) == 1
                ? FaultAction.Respond(503, """{"error":"busy"}""")
                : FaultAction.Forward);
        var options = fixture.Options;
        options.Url = proxy.Url;
        await using var client = new InfluxClient(options);
        long bufferedWhileOpen;
        await using (var writer = new MeasurementWriter<Reading>(client, new WriteOptions
        {
            Name = writerName,
            FlushInterval = TimeSpan.FromHours(1),
            Resilience = new InfluxResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(10), UseJitter = false },
        }))
        {
            for (int i = 0; i < Points; i++) await writer.WriteAsync(new Reading("kitchen", 20 + (i / 10.0), i));
            meterProvider.ForceFlush();
            bufferedWhileOpen = Gauge(metrics, InfluxTelemetry.BufferedPointsInstrument, writerName);
            await writer.FlushAsync();
            metrics.Clear();
            meterProvider.ForceFlush();
            Assert.Equal(0, Gauge(metrics, InfluxTelemetry.BufferedPointsInstrument, writerName));
        }
        await client.PingAsync();
        tracerProvider.ForceFlush();

        // Metrics: the written counter, the retry counter and the buffered gauge, tagged with the writer's name.
        Assert.Equal(Points, bufferedWhileOpen);
        Assert.Equal(Points, Sum(metrics, InfluxTelemetry.WrittenPointsInstrument, writerName));
        Assert.Equal(1, Sum(metrics, InfluxTelemetry.RetriedBatchesInstrument, writerName));

        // Spans: one per HTTP attempt of the batch (503, then 204), and the ping.
        var attempts = spans.Where(s => (string?)s.GetTagItem("homeiq.influx.writer") == writerName).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(2, attempts.Count);
        foreach (var span in attempts)
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal($"write {fixture.Database}", span.DisplayName);
            Assert.Equal("influxdb", span.GetTagItem("db.system.name"));
            Assert.Equal("influxdb", span.GetTagItem("db.system"));
            Assert.Equal(fixture.Database, span.GetTagItem("db.namespace"));
            Assert.Equal("write", span.GetTagItem("db.operation.name"));
            Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
            Assert.Equal(proxy.Url.Port, span.GetTagItem("server.port"));
            Assert.Equal("POST", span.GetTagItem("http.request.method"));
        }
        var (failed, retried) = (attempts[0], attempts[1]);
        Assert.Equal(503, failed.GetTagItem("http.response.status_code"));
        Assert.Equal("503", failed.GetTagItem("error.type"));
        Assert.Equal("503", failed.GetTagItem("db.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Null(failed.GetTagItem("http.request.resend_count"));
        Assert.Equal(204, retried.GetTagItem("http.response.status_code"));
        Assert.Equal(1, retried.GetTagItem("http.request.resend_count"));
        Assert.Null(retried.GetTagItem("error.type"));
        Assert.NotEqual(ActivityStatusCode.Error, retried.Status);

        var ping = Assert.Single(spans, s => (string?)s.GetTagItem("db.operation.name") == "probe" && s.StartTimeUtc >= attempts[1].StartTimeUtc);
        Assert.Equal("GET", ping.GetTagItem("http.request.method"));
        Assert.Equal(204, ping.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task AnAttemptThatGetsNoAnswerNamesTheExceptionTypeAsItsError()
    {
        var spans = new List<Activity>();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddInfluxInstrumentation().AddInMemoryExporter(spans).Build();
        await using var proxy = new FaultInjectingProxy(fixture.Server.Url, _ => FaultAction.Drop);
        var options = fixture.Options;
        options.Url = proxy.Url;
        options.QueryResilience = null;
        await using var client = new InfluxClient(options);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PingAsync());
        tracerProvider.ForceFlush();

        var span = Assert.Single(spans, s => (int?)s.GetTagItem("server.port") == proxy.Url.Port);
        Assert.Equal("System.Net.Http.HttpRequestException", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Null(span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public void TheExtensionsSubscribeToTheLibrarysMeterAndSourceByName()
    {
        // Without AddInfluxInstrumentation nothing listens: the same provider built without it sees no HomeIQ.Influx span.
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddInMemoryExporter(spans).Build())
        {
            Assert.False(HasListeners());
        }
        using (Sdk.CreateTracerProviderBuilder().AddInfluxInstrumentation().AddInMemoryExporter(spans).Build())
        {
            Assert.True(HasListeners());
        }

        static bool HasListeners()
        {
            using var source = new ActivitySource(InfluxTelemetry.Name);
            return source.HasListeners();
        }
    }

    private static long Sum(List<Metric> metrics, string instrument, string writer)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == instrument))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Writer(point) == writer) total += point.GetSumLong();
            }
        }
        return total;
    }

    private static long Gauge(List<Metric> metrics, string instrument, string writer)
    {
        long? value = null;
        foreach (var metric in metrics.Where(m => m.Name == instrument))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Writer(point) == writer) value = point.GetGaugeLastValueLong();
            }
        }
        return value ?? throw new InvalidOperationException($"No {instrument} point for the writer {writer}.");
    }

    private static string? Writer(in MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == "writer") return tag.Value as string;
        }
        return null;
    }

    private readonly record struct Reading(string Room, double Celsius, long Sequence) : ILineProtocolPoint<Reading>
    {
        public static string MeasurementName => "otel_reading";

        public static void WriteLineProtocol(ref LineProtocolWriter writer, in Reading point)
        {
            writer.BeginPoint("otel_reading"u8);
            writer.WriteTag("room"u8, point.Room);
            writer.WriteField("celsius"u8, point.Celsius);
            writer.WriteField("sequence"u8, point.Sequence);
            writer.WriteTimestamp(1_764_230_400_000_000_000 + point.Sequence);
            writer.EndPoint();
        }
    }
}
