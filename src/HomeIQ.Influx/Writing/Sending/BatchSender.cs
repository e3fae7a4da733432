using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using HomeIQ.Influx.Client;
using HomeIQ.Influx.Resilience;
using HomeIQ.Influx.Writing.Batching;
using HomeIQ.Influx.Writing.Reporting;
using HomeIQ.Influx.Writing.Stores;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HomeIQ.Influx.Writing.Sending;

/// <summary>
/// The background sender of a writer: its worker takes sealed batches from the <see cref="BatchQueue"/> in order, sends
/// each through the resilience pipeline, and settles every line: written, split and sent again (413, or a 400 that names
/// no line), reported with the server's answer (400/422 lines, 401/403/404, retries used up, open circuit), or kept by
/// the <see cref="BatchStore"/> for another attempt. While a batch is being retried, up to
/// <see cref="WriteOptions.MaxConcurrentBatches"/> - 1 helpers send the batches behind it, so one batch's backoff does
/// not stall the rest. Status rules for 400/422 are in <c>BatchSender.Rejected.cs</c>.
/// </summary>
internal sealed partial class BatchSender
{
    private readonly InfluxClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Uri _writeUri; // parsed once: a Uri per request cost about 500 B a batch
    private readonly BatchQueue _queue;
    private readonly BatchStore _store;
    private readonly WriteReporter _reporter;
    private readonly WriterFault _fault;
    private readonly BatchSettlement _background; // one for every background batch: nothing allocated per batch
    private readonly RetryNote _primary; // the waiting worker's
    private readonly RetryNote _confirmed; // confirmed writes': their retries only leave the last problem
    private readonly object _helpersGate = new();
    private readonly List<(Task Task, RetryNote Note)> _helpers = [];
    private readonly CancellationToken _stop;
    private readonly int _workers;
    private string? _lastProblem;

    public BatchSender(InfluxClient client, ResiliencePipeline<HttpResponseMessage> pipeline, Uri writeUri, BatchQueue queue, BatchStore store,
        WriteReporter reporter, WriterFault fault, int workers, CancellationToken stop)
    {
        _workers = workers;
        _client = client;
        _pipeline = pipeline;
        _writeUri = writeUri;
        _queue = queue;
        _store = store;
        _reporter = reporter;
        _fault = fault;
        _stop = stop;
        _background = new BatchSettlement(reporter, store, stop);
        _primary = new RetryNote { Retried = OnRetried };
        _confirmed = new RetryNote { Retried = (_, reason) => Volatile.Write(ref _lastProblem, reason) };
    }

    /// <summary>The last failed attempt of any request of this writer that was retried, for messages; <see langword="null"/> before any.</summary>
    public string? LastProblem => Volatile.Read(ref _lastProblem);

    /// <summary>Sends until the queue is closed and empty, and every helper has finished.</summary>
    public async Task RunAsync()
    {
        await WorkAsync().ConfigureAwait(false);
        while (true)
        {
            Task[] running;
            lock (_helpersGate)
            {
                _helpers.RemoveAll(h => h.Task.IsCompleted);
                running = _helpers.Select(h => h.Task).ToArray();
            }
            if (running.Length == 0) return;
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends <paramref name="batch"/> now, outside the queue, through the same pipeline and status rules, and completes
    /// when the server has stored every line; throws <see cref="InfluxWriteException"/> with the lines it did not store.
    /// </summary>
    public async Task SendConfirmedAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop);
        var outcome = new ConfirmedSettlement(_reporter);
        await SendRangeAsync(batch, 0, batch.Count, outcome, _confirmed, linked.Token).ConfigureAwait(false);
        if (outcome.ExceptionOrNull(batch.Count, _fault) is { } failed) throw failed;
    }

    // The worker: one batch at a time, in order, until the queue is closed and empty. While the server takes every
    // batch this is all that runs (measured: several workers waiting for work cost 0.1 B per point in the pipeline
    // benchmark, a waiter and a state machine per wait).
    private async Task WorkAsync()
    {
        using var timer = new BatchQueue.WorkerTimer();
        while (true)
        {
            var batch = _queue.TakeNext(out var wait, out var finished);
            if (batch is not null)
            {
                await SendBatchAsync(batch, _primary).ConfigureAwait(false);
                continue;
            }
            if (finished) return;
            await _queue.WaitForWorkAsync(wait, _stop, timer).ConfigureAwait(false);
        }
    }

    // A batch is being retried (its note is marked): up to MaxConcurrentBatches - 1 helpers send the batches behind it
    // meanwhile, so that one batch's backoff does not stall the rest (measured in issue 14: at 200 s only 101 of 200
    // batches had arrived).
    private void OnRetried(RetryNote note, string reason)
    {
        Volatile.Write(ref _lastProblem, reason);
        if (_workers <= 1 || _stop.IsCancellationRequested) return;
        lock (_helpersGate)
        {
            _helpers.RemoveAll(h => h.Task.IsCompleted);
            if (_helpers.Count >= _workers - 1) return;
            var helper = new RetryNote { Retried = OnRetried };
            _helpers.Add((Task.Run(() => HelpAsync(helper)), helper));
        }
    }

    // A helper: takes batches while some batch is being retried, and ends once none is (or the queue is finished).
    private async Task HelpAsync(RetryNote note)
    {
        while (!_stop.IsCancellationRequested)
        {
            var batch = _queue.TakeNext(out var wait, out var finished);
            if (batch is not null)
            {
                await SendBatchAsync(batch, note).ConfigureAwait(false);
                continue;
            }
            if (finished || !SomeOtherIsRetrying(note)) return;
            // Nothing sealed yet: look again soon (helpers do not take the worker's wake-ups; this runs only during retries).
            var pause = wait == Timeout.InfiniteTimeSpan || wait > HelperPoll ? HelperPoll : wait;
            try { await Task.Delay(pause, _stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static readonly TimeSpan HelperPoll = TimeSpan.FromMilliseconds(50);

    private bool SomeOtherIsRetrying(RetryNote note)
    {
        if (_primary != note && _primary.IsRetrying) return true;
        lock (_helpersGate)
        {
            foreach (var (_, other) in _helpers)
                if (other != note && other.IsRetrying) return true;
        }
        return false;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendBatchAsync(WriteBatch batch, RetryNote note)
    {
        long started = Stopwatch.GetTimestamp();
        int points = batch.LiveCount;
        bool kept = false;
        try
        {
            while (true)
            {
                kept = await SendRangeAsync(batch, batch.Start, batch.Count, _background, note, _stop).ConfigureAwait(false);
                // A batch the store keeps (a configuration error; with the durable buffer, any failure that is not the
                // lines' own fault) is sent again after the store's delay: it is the probe that finds the server taking
                // writes again. Timestamped points that did arrive in an earlier round are simply overwritten.
                if (!kept || _stop.IsCancellationRequested) break;
                try { await Task.Delay(_store.RetryDelay, _stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
                if (_stop.IsCancellationRequested)
                {
                    ReportHeldAtStop(batch);
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // A bug in the status handling must not lose the batch: report it whole.
            _reporter.Failed(WriteFailureReason.NotRetryable, batch.LineTexts(batch.Start, batch.Count), null, null, ex);
        }
        finally
        {
            _reporter.BatchDuration(started);
            lock (_queue.Gate)
            {
                _queue.CompleteLocked(batch, points);
                _store.SettledLocked(batch, kept);
                _queue.CompleteWaitersLocked();
            }
            _store.Release(points);
            _store.AfterSettled();
            batch.Dispose();
            note.Done();
        }
    }

    // The writer stopped while it held a kept batch: given up (memory) or left on disk (durable), and reported either way.
    private void ReportHeldAtStop(WriteBatch batch)
    {
        var lines = batch.LineTexts(batch.Start, batch.Count);
        if (_store.KeepsOnDisk)
        {
            _reporter.KeptOnDisk(lines, batch.LiveCount,
                "The writer was disposed before this batch could be written; it stays in the durable buffer and the next writer on the folder sends it." +
                (_fault.Current is { } held ? " The server refuses the configuration: " + held.Explanation : ""));
            return;
        }
        var fault = _fault.Current;
        _reporter.Failed(WriteFailureReason.Configuration, lines, fault?.Status,
            "The writer was closed while it held these points because the server refused its configuration: " + (fault?.Explanation ?? "see the log."), null);
    }

    // Sends lines [from, to) of the batch and settles every one of them: written, split and resent, or failed through
    // the settlement. Returns whether any of them was kept by the store for another attempt instead.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendRangeAsync(WriteBatch batch, int from, int to, Settlement settlement, RetryNote note, CancellationToken cancel)
    {
        int lines = to - from;
        if (lines <= 0) return false;
        if (_stop.IsCancellationRequested)
            return Fail(settlement, WriteFailureReason.Disposed, batch, from, to, null, "The writer was disposed before this batch was sent.", null);
        var body = batch.Range(from, to);
        long started = Stopwatch.GetTimestamp();
        byte[]? gzipped = null;
        HttpResponseMessage response;
        try
        {
            var payload = body;
            if (_client.Options.Gzip)
            {
                (gzipped, int length) = GzipBody.Compress(body.Span);
                payload = gzipped.AsMemory(0, length);
            }
            // A static factory with its state passed along: no closure and delegate per batch.
            response = await InfluxResiliencePipeline.SendAsync(_pipeline, _client.Http,
                static s => s.Client.CreateWriteRequest(s.Uri, s.Payload, s.Gzipped), (Client: _client, Uri: _writeUri, Payload: payload, Gzipped: gzipped is not null),
                "write", _reporter.Name, HttpCompletionOption.ResponseContentRead, cancel, note).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (_stop.IsCancellationRequested)
        {
            return Fail(settlement, WriteFailureReason.Disposed, batch, from, to, null,
                "The writer was closed (its timeout passed) while this batch was being sent or retried; the server may or may not have it." +
                (note.Last is { } last ? " The last attempt failed with " + last + "." : ""), ex);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw; // a confirmed write's own token: its caller cancelled
        }
        catch (BrokenCircuitException ex)
        {
            return Fail(settlement, WriteFailureReason.CircuitOpen, batch, from, to, null, null, ex);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or HttpRequestException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return Fail(settlement, WriteFailureReason.RetriesExhausted, batch, from, to, (ex as HttpRequestException)?.StatusCode, null, ex);
        }
        finally
        {
            if (gzipped is not null) BatchBufferPool.Bytes.Return(gzipped);
        }

        using (response)
        {
            var status = response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                _fault.Clear();
                settlement.Written(lines, body.Length, started);
                return false;
            }
            var answer = await ServerErrorBody.ReadAsync(response, CancellationToken.None).ConfigureAwait(false);
            switch (status)
            {
                case HttpStatusCode.RequestEntityTooLarge when lines > 1:
                    // Too big for the server: send each half on its own (Telegraf does the same).
                    return await SplitAsync(batch, from, to, status, settlement, note, cancel).ConfigureAwait(false);
                case HttpStatusCode.RequestEntityTooLarge:
                    return Fail(settlement, WriteFailureReason.Rejected, batch, from, to, status, answer.Message, null);
                case HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity:
                    return await HandleRejectedAsync(batch, from, to, status, answer, settlement, note, cancel).ConfigureAwait(false);
                case var _ when WriterFault.IsConfigurationStatus(status):
                    // 401/403/404: every later batch would get the same answer. The writer faults (logged once, naming
                    // the setting) and refuses new points; the store holds these for another attempt.
                    _fault.Set(status, answer.Message);
                    return Fail(settlement, WriteFailureReason.Configuration, batch, from, to, status, answer.Message, null);
                default:
                    return Fail(settlement, InfluxResiliencePipeline.IsTransientStatus(status) ? WriteFailureReason.RetriesExhausted : WriteFailureReason.NotRetryable,
                        batch, from, to, status, answer.Message, null);
            }
        }
    }

    private async ValueTask<bool> SplitAsync(WriteBatch batch, int from, int to, HttpStatusCode status, Settlement settlement, RetryNote note, CancellationToken cancel)
    {
        WritingLog.SplittingBatch(_reporter.Logger, status, to - from);
        int middle = from + ((to - from) / 2);
        bool kept = await SendRangeAsync(batch, from, middle, settlement, note, cancel).ConfigureAwait(false);
        return await SendRangeAsync(batch, middle, to, settlement, note, cancel).ConfigureAwait(false) | kept;
    }

    private static bool Fail(Settlement settlement, WriteFailureReason reason, WriteBatch batch, int from, int to, HttpStatusCode? status, string? message, Exception? exception) =>
        settlement.Fail(reason, batch.LineTexts(from, to), status, message, exception, null);
}
