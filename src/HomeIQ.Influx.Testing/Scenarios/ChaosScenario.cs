using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// A fault-tolerance run against a real server: <see cref="Producers"/> tasks write <see cref="Points"/> points through
/// one <see cref="MeasurementWriter{T}"/> while a <see cref="FaultInjectingProxy"/> in front of the server fails
/// <see cref="FailureShare"/> of the requests (503 with <c>Retry-After: 1</c>, 429, 500, 502, a reset connection, a
/// request that is applied and then reset, a stall past the request timeout, in equal shares) and refuses every
/// connection for <see cref="Outage"/> from request <see cref="OutageAtRequest"/> on. <see cref="RunAsync"/> measures how
/// long it takes until every point is written (the writer's flush completes) and checks what the server holds.
/// </summary>
/// <remarks>
/// The writer runs with the library's defaults unless <see cref="ConfigureWriter"/> changes them; only
/// <see cref="BatchSize"/> (500, so 100,000 points make 200 batches), the request timeout (2 s, shorter than the
/// stalls) and the final flush's timeout (none: the run measures how long delivery takes) are the scenario's. Sizes can come from the environment (<see cref="FromEnvironment"/>): the run is a
/// measurement as much as a test, and the full size takes minutes on a slow machine.
/// </remarks>
public sealed class ChaosScenario
{
    private static int s_runs;

    /// <summary>How many points to write (default 100,000).</summary>
    public int Points { get; set; } = 100_000;

    /// <summary>How many tasks write concurrently; producer p writes points p, p + Producers, ... (default 8).</summary>
    public int Producers { get; set; } = 8;

    /// <summary>The share of requests that fail (default 0.30).</summary>
    public double FailureShare { get; set; } = 0.30;

    /// <summary>How long every connection is refused, starting at request <see cref="OutageAtRequest"/> (default 5 s; zero for none).</summary>
    public TimeSpan Outage { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The request whose arrival starts the outage (default 20).</summary>
    public int OutageAtRequest { get; set; } = 20;

    /// <summary>How long a stalled request is held without an answer (default 2.5 s, past <see cref="RequestTimeout"/>).</summary>
    public TimeSpan Stall { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>The client's request timeout, <see cref="InfluxClientOptions.Timeout"/> (default 2 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Lines per batch, <see cref="WriteOptions.BatchSize"/> (default 500).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The seed of the fault choices (default 1234), so that a run can be repeated.</summary>
    public int Seed { get; set; } = 1234;

    /// <summary>Changes the writer's options after the scenario set <see cref="BatchSize"/> (for example to compare settings).</summary>
    public Action<WriteOptions>? ConfigureWriter { get; set; }

    /// <summary>The logger factory of the client (and so of the writer and its retries), to see what the run did; none by default.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// A scenario sized from the environment: <c>HOMEIQ_CHAOS_POINTS</c> (else <paramref name="points"/>),
    /// <c>HOMEIQ_CHAOS_PRODUCERS</c>, <c>HOMEIQ_CHAOS_FAILURE_PERCENT</c>, <c>HOMEIQ_CHAOS_OUTAGE_SECONDS</c>,
    /// <c>HOMEIQ_CHAOS_SEED</c> and <c>HOMEIQ_CHAOS_MAX_CONCURRENT_BATCHES</c> (the writer's
    /// <see cref="WriteOptions.MaxConcurrentBatches"/>, to compare settings); what is not set keeps the defaults. The
    /// outage starts a tenth of the way through the batches.
    /// </summary>
    /// <param name="points">The number of points when <c>HOMEIQ_CHAOS_POINTS</c> is not set.</param>
    /// <returns>The scenario.</returns>
    public static ChaosScenario FromEnvironment(int points = 100_000)
    {
        var scenario = new ChaosScenario { Points = Knob("HOMEIQ_CHAOS_POINTS") ?? points };
        // The outage starts a tenth of the way through the batches (request 20 of 200 at the full size).
        scenario.OutageAtRequest = Math.Max(2, scenario.Points / scenario.BatchSize / 10);
        if (Knob("HOMEIQ_CHAOS_PRODUCERS") is { } producers) scenario.Producers = producers;
        if (Knob("HOMEIQ_CHAOS_FAILURE_PERCENT", allowZero: true) is { } percent) scenario.FailureShare = percent / 100.0;
        if (Knob("HOMEIQ_CHAOS_OUTAGE_SECONDS", allowZero: true) is { } outage) scenario.Outage = TimeSpan.FromSeconds(outage);
        if (Knob("HOMEIQ_CHAOS_SEED") is { } seed) scenario.Seed = seed;
        if (Knob("HOMEIQ_CHAOS_MAX_CONCURRENT_BATCHES") is { } concurrent) scenario.ConfigureWriter = o => o.MaxConcurrentBatches = concurrent;
        return scenario;
    }

    /// <summary>Runs the scenario into a new database on <paramref name="server"/> and returns what happened.</summary>
    /// <param name="server">The real server behind the proxy.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The delivery time, what the server holds, what the writer reported, and the faults injected.</returns>
    public async Task<ChaosResult> RunAsync(InfluxServer server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var database = await server.CreateDatabaseAsync("chaos", cancellationToken).ConfigureAwait(false);
        var run = "r" + Interlocked.Increment(ref s_runs).ToString(CultureInfo.InvariantCulture);
        var random = new Random(Seed);
        var injected = new ConcurrentDictionary<string, int>();
        int outageStarted = 0;
        await using var proxy = new FaultInjectingProxy(server.Url);
        proxy.Decide = request =>
        {
            if (Outage > TimeSpan.Zero && request.Number >= OutageAtRequest && Interlocked.Exchange(ref outageStarted, 1) == 0)
            {
                proxy.Outage = true;
                _ = Task.Delay(Outage, CancellationToken.None).ContinueWith(_ => proxy.Outage = false, TaskScheduler.Default);
            }
            double roll;
            int kind;
            lock (random) { roll = random.NextDouble(); kind = random.Next(7); }
            if (roll >= FailureShare) return FaultAction.Forward;
            var (name, action) = kind switch
            {
                0 => ("503 Retry-After", FaultAction.Respond(503, "{\"error\":\"overloaded\"}", ("Retry-After", "1"))),
                1 => ("429", FaultAction.Respond(429, "{\"error\":\"slow down\"}")),
                2 => ("500", FaultAction.Respond(500, "{\"error\":\"engine failure\"}")),
                3 => ("reset", FaultAction.Drop),
                4 => ("applied then reset", FaultAction.ForwardThenDrop),
                5 => ("502", FaultAction.Respond(502, "bad gateway")),
                _ => ("stall", FaultAction.StallFor(Stall)),
            };
            injected.AddOrUpdate(name, 1, (_, c) => c + 1);
            return action;
        };

        var lost = new ConcurrentQueue<WriteFailedEventArgs>();
        var options = new WriteOptions
        {
            Name = "chaos-" + run + "-" + Guid.NewGuid().ToString("N")[..8],
            BatchSize = BatchSize,
            // The run measures how long delivery takes, so its final flush waits for it (FlushTimeout would cut it at 30 s).
            FlushTimeout = Timeout.InfiniteTimeSpan,
        };
        ConfigureWriter?.Invoke(options);
        var userCallback = options.OnWriteFailed;
        options.OnWriteFailed = e =>
        {
            lost.Enqueue(e);
            userCallback?.Invoke(e);
        };
        using var progress = new WrittenProgress(options.Name!, Points);
        using var client = new InfluxClient(new InfluxClientOptions { Url = proxy.Url, Database = database, Api = InfluxApiVersion.V1, Timeout = RequestTimeout }, LoggerFactory);
        var clock = Stopwatch.StartNew();
        TimeSpan delivered;
        await using (var writer = new MeasurementWriter<ChaosPoint>(client, options))
        {
            await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
            {
                for (long seq = p; seq < Points; seq += Producers)
                    await writer.WriteAsync(new ChaosPoint(run, p, seq), cancellationToken).ConfigureAwait(false);
            }, cancellationToken))).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            delivered = clock.Elapsed;
        }

        var where = $"FROM \"chaos\" WHERE \"run\" = '{run}'";
        long stored = await ScalarAsync(server, database, $"SELECT COUNT(\"seq\") {where}", cancellationToken).ConfigureAwait(false);
        long distinct = await ScalarAsync(server, database, $"SELECT COUNT(DISTINCT(\"seq\")) {where}", cancellationToken).ConfigureAwait(false);
        long sum = await ScalarAsync(server, database, $"SELECT SUM(\"seq\") {where}", cancellationToken).ConfigureAwait(false);
        long expectedSum = (long)Points * (Points - 1) / 2;
        return new ChaosResult(
            Points, delivered, progress.HalfWritten, stored, distinct, stored == Points && distinct == Points && sum == expectedSum,
            lost.Sum(e => (long)e.Lines.Count), proxy.Requests.Count, proxy.RefusedConnections,
            new SortedDictionary<string, int>(injected, StringComparer.Ordinal));
    }

    private static int? Knob(string name, bool allowZero = false) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (n > 0 || allowZero) ? n : null;

    private static async Task<long> ScalarAsync(InfluxServer server, string database, string influxql, CancellationToken cancellationToken)
    {
        var rows = await server.QueryRowsAsync(database, influxql, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0) return 0;
        var value = rows[0].First(kv => kv.Key != "time").Value;
        return value.ValueKind == System.Text.Json.JsonValueKind.Number ? (long)value.GetDouble() : 0;
    }

    // Notes when half of the points have been written, from the writer's own metric (tag writer = its name).
    private sealed class WrittenProgress : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly string _writer;
        private readonly long _half;
        private long _written;
        private long _halfTicks = -1;

        public WrittenProgress(string writer, int points)
        {
            _writer = writer;
            _half = (points + 1) / 2;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == InfluxTelemetry.Name && instrument.Name == InfluxTelemetry.WrittenPointsInstrument)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>(OnWritten);
            _listener.Start();
        }

        public TimeSpan? HalfWritten => Interlocked.Read(ref _halfTicks) is var t and >= 0 ? TimeSpan.FromTicks(t) : null;

        public void Dispose() => _listener.Dispose();

        private void OnWritten(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            foreach (var tag in tags)
            {
                if (tag.Key != "writer" || (string?)tag.Value != _writer) continue;
                if (Interlocked.Add(ref _written, value) >= _half) Interlocked.CompareExchange(ref _halfTicks, _clock.Elapsed.Ticks, -1);
                return;
            }
        }
    }
}

/// <summary>What a <see cref="ChaosScenario"/> run did.</summary>
/// <param name="Points">How many points were written.</param>
/// <param name="DeliveryTime">From the first write until the writer's flush completed (every point written or reported).</param>
/// <param name="HalfWrittenTime">When the writer had written half of the points, or <see langword="null"/> if it never did.</param>
/// <param name="Stored">Points of this run the server holds (<c>COUNT(seq)</c>).</param>
/// <param name="DistinctStored">Distinct sequence numbers the server holds.</param>
/// <param name="ExactlyOnce">Whether the server holds every point exactly once (count, distinct count and sum of <c>seq</c> agree).</param>
/// <param name="ReportedLost">Points the writer reported as not written (through <see cref="WriteOptions.OnWriteFailed"/>).</param>
/// <param name="Requests">Requests that reached the proxy.</param>
/// <param name="RefusedConnections">Connections refused during the outage.</param>
/// <param name="InjectedFaults">How many of each fault were injected.</param>
public sealed record ChaosResult(
    int Points, TimeSpan DeliveryTime, TimeSpan? HalfWrittenTime, long Stored, long DistinctStored, bool ExactlyOnce, long ReportedLost,
    int Requests, int RefusedConnections, IReadOnlyDictionary<string, int> InjectedFaults)
{
    /// <summary>One line for a test's output: the times, the counts and the faults.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Points:N0} points delivered in {DeliveryTime.TotalSeconds:F1} s (half after {HalfWrittenTime?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "never"} s); " +
        $"stored {Stored:N0} ({DistinctStored:N0} distinct, exactly once: {ExactlyOnce}), reported lost {ReportedLost:N0}; " +
        $"{Requests} requests, {RefusedConnections} connections refused in the outage; faults: {string.Join(", ", InjectedFaults.Select(f => $"{f.Key} {f.Value}"))}");
}
