using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using HomeIQ.Influx.Client;
using HomeIQ.Influx.Writing.Batching;
using HomeIQ.Influx.Writing.Reporting;
using HomeIQ.Influx.Writing.Stores;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HomeIQ.Influx.Writing.Sending;

/// <summary>
/// The one background sender of a writer: takes sealed batches from the <see cref="BatchQueue"/> in order, sends each
/// through the resilience pipeline, and settles every line: written, split and sent again (413, or a 400 that names no
/// line), reported with the server's answer (400/422 lines, 401/403/404, retries used up, open circuit), or kept by the
/// <see cref="BatchStore"/> for another attempt. Status rules for 400/422 are in <c>BatchSender.Rejected.cs</c>.
/// </summary>
internal sealed partial class BatchSender
{
    private readonly InfluxClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Uri _writeUri; // parsed once: a Uri per request cost about 500 B a batch
    private readonly BatchQueue _queue;
    private readonly BatchStore _store;
    private readonly WriteReporter _reporter;
    private readonly CancellationToken _stop;

    public BatchSender(InfluxClient client, ResiliencePipeline<HttpResponseMessage> pipeline, Uri writeUri, BatchQueue queue, BatchStore store,
        WriteReporter reporter, CancellationToken stop)
    {
        _client = client;
        _pipeline = pipeline;
        _writeUri = writeUri;
        _queue = queue;
        _store = store;
        _reporter = reporter;
        _stop = stop;
    }

    /// <summary>Sends until the queue is closed and empty.</summary>
    public async Task RunAsync()
    {
        while (true)
        {
            var batch = _queue.TakeNext(out var wait, out var finished);
            if (batch is not null)
            {
                await SendBatchAsync(batch).ConfigureAwait(false);
                continue;
            }
            if (finished)
            {
                _queue.SenderFinished();
                return;
            }
            await _queue.WaitForWorkAsync(wait, _stop).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendBatchAsync(WriteBatch batch)
    {
        long started = Stopwatch.GetTimestamp();
        int points = batch.LiveCount;
        bool kept = false;
        try
        {
            while (true)
            {
                kept = await SendRangeAsync(batch, batch.Start, batch.Count).ConfigureAwait(false);
                // A batch the store keeps (the durable buffer) is sent again (timestamped points that did arrive in an
                // earlier round are simply overwritten with the same values).
                if (!kept || _stop.IsCancellationRequested) break;
                try { await Task.Delay(_store.RetryDelay, _stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
                if (_stop.IsCancellationRequested)
                {
                    _reporter.Failed(WriteFailureReason.Disposed, batch.LineTexts(batch.Start, batch.Count), null,
                        "The writer was disposed before this batch could be sent; it stays in the durable buffer for the next start.", null);
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
                _queue.CompleteLocked(points);
                _store.SettledLocked(batch, kept);
                _queue.CompleteWaitersLocked();
            }
            _store.Release(points);
            batch.Dispose();
        }
    }

    // Sends lines [from, to) of the batch and settles every one of them: written, split and resent, or reported.
    // Returns whether any of them was kept by the store for another attempt instead.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendRangeAsync(WriteBatch batch, int from, int to)
    {
        int lines = to - from;
        if (lines <= 0) return false;
        if (_stop.IsCancellationRequested)
            return Fail(WriteFailureReason.Disposed, batch, from, to, null, "The writer was disposed before this batch was sent.", null);
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
                "write", _reporter.Name, HttpCompletionOption.ResponseContentRead, _stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (_stop.IsCancellationRequested)
        {
            return Fail(WriteFailureReason.Disposed, batch, from, to, null,
                "The writer was disposed (DisposeTimeout passed) while this batch was being sent or retried; the server may or may not have it.", ex);
        }
        catch (BrokenCircuitException ex)
        {
            return Fail(WriteFailureReason.CircuitOpen, batch, from, to, null, null, ex);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or HttpRequestException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return Fail(WriteFailureReason.RetriesExhausted, batch, from, to, (ex as HttpRequestException)?.StatusCode, null, ex);
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
                _reporter.Written(lines, body.Length, started);
                return false;
            }
            var answer = await ServerErrorBody.ReadAsync(response, CancellationToken.None).ConfigureAwait(false);
            switch (status)
            {
                case HttpStatusCode.RequestEntityTooLarge when lines > 1:
                    // Too big for the server: send each half on its own (Telegraf does the same).
                    return await SplitAsync(batch, from, to, status).ConfigureAwait(false);
                case HttpStatusCode.RequestEntityTooLarge:
                    return Fail(WriteFailureReason.Rejected, batch, from, to, status, answer.Message, null);
                case HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity:
                    return await HandleRejectedAsync(batch, from, to, status, answer).ConfigureAwait(false);
                default:
                    return Fail(InfluxResiliencePipeline.IsTransientStatus(status) ? WriteFailureReason.RetriesExhausted : WriteFailureReason.NotRetryable,
                        batch, from, to, status, answer.Message, null);
            }
        }
    }

    private async ValueTask<bool> SplitAsync(WriteBatch batch, int from, int to, HttpStatusCode status)
    {
        WritingLog.SplittingBatch(_reporter.Logger, status, to - from);
        int middle = from + ((to - from) / 2);
        bool kept = await SendRangeAsync(batch, from, middle).ConfigureAwait(false);
        return await SendRangeAsync(batch, middle, to).ConfigureAwait(false) | kept;
    }

    private bool Fail(WriteFailureReason reason, WriteBatch batch, int from, int to, HttpStatusCode? status, string? message, Exception? exception) =>
        Fail(reason, batch.LineTexts(from, to), status, message, exception);

    // Reports the lines, unless the store keeps them for another attempt: then they are not lost and this is no
    // failure (while the writer is stopping they are reported and still kept, for the next writer on the store).
    private bool Fail(WriteFailureReason reason, string[] lines, HttpStatusCode? status, string? message, Exception? exception, int? serverDropped = null)
    {
        bool kept = _store.Keeps(reason);
        if (kept && !_stop.IsCancellationRequested)
        {
            _store.KeptForRetry(lines.Length, reason);
            return true;
        }
        _reporter.Failed(reason, lines, status, message, exception, serverDropped);
        return kept;
    }
}
