using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using HomeIQ.Influx;
using HomeIQ.Influx.Reliability;

// HIQ002 (client created per call) does not apply: RunAsync is this process's main path and runs once.
#pragma warning disable HIQ002

/// <summary>
/// The outage-overflow scenario, in its own process so that its peak working set is its own:
/// <c>overflow &lt;folder&gt; &lt;url&gt; &lt;database&gt; &lt;run&gt; &lt;points&gt; &lt;window&gt; &lt;producers&gt; &lt;max durable bytes&gt;</c>.
/// Producers write <c>points</c> in total (series <c>{run}-{p}</c>, each in order) while the server is down, with a
/// memory window of <c>window</c> points; once every WriteAsync has completed it prints
/// <c>WRITTEN &lt;ms&gt; &lt;max durable bytes seen&gt; &lt;backlog&gt;</c>, then flushes (the test starts the server
/// meanwhile), checks what the server accepted, and prints <c>RESULT &lt;lines accepted&gt; &lt;order&gt; &lt;peak working set&gt; &lt;flush ms&gt;</c>.
/// </summary>
internal static class OverflowRun
{
    private const int Chunk = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var folder = args[0];
        var url = new Uri(args[1]);
        var database = args[2];
        var run = args[3];
        long points = long.Parse(args[4], CultureInfo.InvariantCulture);
        int window = int.Parse(args[5], CultureInfo.InvariantCulture);
        int producers = int.Parse(args[6], CultureInfo.InvariantCulture);
        long maxBytes = long.Parse(args[7], CultureInfo.InvariantCulture);

        var accepted = new AcceptedBodies();
        using var http = new HttpClient(accepted);
        using var client = new InfluxClient(new InfluxClientOptions { Url = url, Database = database, Api = InfluxApiVersion.V1, Timeout = TimeSpan.FromSeconds(10) }, http);
        using var gauges = new DurableGauges();
        await using var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions
        {
            DurableBufferPath = folder,
            DurableFlushMode = DurableFlushMode.EachWrite,
            MaxBufferedPoints = window,
            MaxDurableBytes = maxBytes,
            BatchSize = 5_000,
            FlushInterval = TimeSpan.FromMilliseconds(200),
            DisposeTimeout = TimeSpan.FromSeconds(30),
            Resilience = new InfluxResilienceOptions
            {
                MaxRetryAttempts = 2,
                RetryDelay = TimeSpan.FromMilliseconds(50),
                MaxRetryDelay = TimeSpan.FromMilliseconds(250),
                RequestTimeout = TimeSpan.FromSeconds(10),
                CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(500),
            },
        });
        Console.WriteLine("READY");

        var clock = Stopwatch.StartNew();
        using (var sampler = new Timer(_ => gauges.Sample(), null, 0, 100))
        {
            var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                long mine = points / producers + (p < points % producers ? 1 : 0);
                var buffer = new CrashPoint[Chunk];
                for (long next = 0; next < mine;)
                {
                    int n = (int)Math.Min(Chunk, mine - next);
                    for (int i = 0; i < n; i++) buffer[i] = new CrashPoint($"{run}-{p}", next + i);
                    await writer.WriteAsync(buffer.AsMemory(0, n));
                    next += n;
                }
            })).ToArray();
            await Task.WhenAll(tasks);
            gauges.Sample();
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WRITTEN {clock.ElapsedMilliseconds} {gauges.MaxBytes} {gauges.Backlog}"));
        Console.Out.Flush();

        var flushClock = Stopwatch.StartNew();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30)))
        {
            await writer.FlushAsync(timeout.Token);
        }
        long flushMs = flushClock.ElapsedMilliseconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {accepted.Lines} {accepted.OrderProblem ?? "ordered"} {self.PeakWorkingSet64} {flushMs}"));
        Console.Out.Flush();
        return 0;
    }

    /// <summary>
    /// Sees every write request the server accepted (2xx) and checks that, per series, points arrive in order and
    /// none twice: each accepted body's seqs must continue where the series' last accepted body ended.
    /// </summary>
    private sealed class AcceptedBodies() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly Dictionary<string, long> _next = [];
        private long _lines;

        public long Lines => Interlocked.Read(ref _lines);

        public string? OrderProblem { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (body is null || !response.IsSuccessStatusCode || !request.RequestUri!.AbsolutePath.EndsWith("/write", StringComparison.Ordinal)) return response;
            lock (_next)
            {
                foreach (var line in Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    // crash,run=<series> seq=<n>i,...
                    int comma = line.IndexOf(' ');
                    var series = line[("crash,run=".Length)..comma];
                    int seqStart = comma + " seq=".Length;
                    long seq = long.Parse(line.AsSpan(seqStart, line.IndexOf('i', seqStart) - seqStart), CultureInfo.InvariantCulture);
                    long expected = _next.GetValueOrDefault(series);
                    if (seq != expected && OrderProblem is null) OrderProblem = $"series-{series}-got-{seq}-expected-{expected}";
                    _next[series] = seq + 1;
                    _lines++;
                }
            }
            return response;
        }
    }

    /// <summary>Samples the writer's durable gauges through the HomeIQ.Influx meter, as a metrics exporter would.</summary>
    private sealed class DurableGauges : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _bytes, _backlog;

        public DurableGauges()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == InfluxTelemetry.Name && instrument.Name is InfluxTelemetry.DurableBytesInstrument or InfluxTelemetry.DurableBacklogInstrument)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument.Name == InfluxTelemetry.DurableBytesInstrument) MaxBytes = Math.Max(MaxBytes, value);
                else Interlocked.Exchange(ref _backlog, value);
            });
            _listener.Start();
        }

        public long MaxBytes
        {
            get => Interlocked.Read(ref _bytes);
            private set => Interlocked.Exchange(ref _bytes, value);
        }

        public long Backlog => Interlocked.Read(ref _backlog);

        public void Sample()
        {
            lock (_listener) _listener.RecordObservableInstruments();
        }

        public void Dispose() => _listener.Dispose();
    }
}
