using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HomeIQ.Influx;

public partial class MeasurementWriter<T>
{
    // The single background sender: takes batches in order, sends each until it is written or reported.
    private async Task SendLoopAsync()
    {
        var stop = _stop.Token;
        while (true)
        {
            WriteBatch? batch = null;
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            bool finished = false;
            lock (_gate)
            {
                if (_queue.Count == 0 && _open is { LiveCount: > 0 } open)
                {
                    var age = Stopwatch.GetElapsedTime(open.FirstLineTimestamp);
                    if (_closed || age >= _options.FlushInterval) SealLocked();
                    else wait = _options.FlushInterval - age;
                }
                if (_queue.TryDequeue(out batch)) _inFlight = batch;
                else if (_closed)
                {
                    SealLocked();
                    finished = true;
                }
            }
            if (batch is not null)
            {
                await SendBatchAsync(batch, stop).ConfigureAwait(false);
                continue;
            }
            if (finished)
            {
                _waitTimeout?.Dispose();
                _waitTimeout = null;
                return;
            }
            await WaitForWorkAsync(wait, stop).ConfigureAwait(false);
        }
    }

    // The send path runs once per batch, so its async methods return pooled ValueTasks and the wait reuses one timeout
    // source: measured (--profile ... --alloc-types), a linked source, timer and state-machine boxes per batch were a
    // third of the bytes the pipeline allocated per point.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitForWorkAsync(TimeSpan wait, CancellationToken stop)
    {
        CancellationTokenSource? timeout = null;
        if (wait != Timeout.InfiniteTimeSpan)
        {
            timeout = _waitTimeout ??= CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(wait);
        }
        try
        {
            if (await _wake.Reader.WaitToReadAsync(timeout?.Token ?? stop).ConfigureAwait(false)) _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException)
        {
            // the flush interval passed, or the writer is stopping: the loop looks at the state again
        }
        finally
        {
            // A source that fired cannot be reused; one that did not is reset (timer stopped) for the next wait.
            if (timeout is not null && !timeout.TryReset())
            {
                timeout.Dispose();
                _waitTimeout = null;
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendBatchAsync(WriteBatch batch, CancellationToken stop)
    {
        long started = Stopwatch.GetTimestamp();
        int points = batch.LiveCount;
        try
        {
            while (true)
            {
                _keepInFlight = false;
                await SendRangeAsync(batch, batch.Start, batch.Count, stop).ConfigureAwait(false);
                // With a durable buffer, a batch the server did not take stays on disk and is sent again (timestamped
                // points that did arrive in an earlier round are simply overwritten with the same values).
                if (!_keepInFlight || stop.IsCancellationRequested) break;
                try { await Task.Delay(DurableRetryDelay, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
                if (stop.IsCancellationRequested)
                {
                    Fail(WriteFailureReason.Disposed, batch.LineTexts(batch.Start, batch.Count), null,
                        "The writer was disposed before this batch could be sent; it stays in the durable buffer for the next start.", null);
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // A bug in the status handling must not lose the batch: report it whole.
            Fail(WriteFailureReason.NotRetryable, batch.LineTexts(batch.Start, batch.Count), null, null, ex);
        }
        finally
        {
            InfluxTelemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _writerTag);
            lock (_gate)
            {
                _inFlight = null;
                SettleDurableLocked(batch, _keepInFlight);
                Interlocked.Add(ref _buffered, -points);
                CompleteWaitersLocked();
            }
            _capacity.Release(points);
            batch.Dispose();
        }
    }

    // Sends lines [from, to) of the batch and settles every one of them: written, split and resent, or reported.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendRangeAsync(WriteBatch batch, int from, int to, CancellationToken stop)
    {
        int lines = to - from;
        if (lines <= 0) return;
        if (stop.IsCancellationRequested)
        {
            Fail(WriteFailureReason.Disposed, batch.LineTexts(from, to), null, "The writer was disposed before this batch was sent.", null);
            return;
        }
        var body = batch.Range(from, to);
        long started = Stopwatch.GetTimestamp();
        byte[]? gzipped = null;
        HttpResponseMessage response;
        try
        {
            var payload = body;
            if (_client.Options.Gzip)
            {
                (gzipped, int length) = InfluxClient.Gzip(body.Span);
                payload = gzipped.AsMemory(0, length);
            }
            // A static factory with its state passed along: no closure and delegate per batch.
            response = await InfluxResiliencePipeline.SendAsync(_pipeline, _client.Http,
                static s => s.Client.CreateWriteRequest(s.Uri, s.Payload, s.Gzipped), (Client: _client, Uri: _writeUri, Payload: payload, Gzipped: gzipped is not null),
                "write", Name, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stop.IsCancellationRequested)
        {
            Fail(WriteFailureReason.Disposed, batch.LineTexts(from, to), null,
                "The writer was disposed (DisposeTimeout passed) while this batch was being sent or retried; the server may or may not have it.", ex);
            return;
        }
        catch (BrokenCircuitException ex)
        {
            Fail(WriteFailureReason.CircuitOpen, batch.LineTexts(from, to), null, null, ex);
            return;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or HttpRequestException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            Fail(WriteFailureReason.RetriesExhausted, batch.LineTexts(from, to), (ex as HttpRequestException)?.StatusCode, null, ex);
            return;
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
                Written(lines, body.Length, started);
                return;
            }
            var (message, lineNumbers) = await WriteResponse.ReadAsync(response, CancellationToken.None).ConfigureAwait(false);
            switch (status)
            {
                case HttpStatusCode.RequestEntityTooLarge when lines > 1:
                    // Too big for the server: send each half on its own (Telegraf does the same).
                    InfluxLog.SplittingBatch(_logger, status, lines);
                    int middle = from + (lines / 2);
                    await SendRangeAsync(batch, from, middle, stop).ConfigureAwait(false);
                    await SendRangeAsync(batch, middle, to, stop).ConfigureAwait(false);
                    return;
                case HttpStatusCode.RequestEntityTooLarge:
                    Fail(WriteFailureReason.Rejected, batch.LineTexts(from, to), status, message, null);
                    return;
                case HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity:
                    await HandleRejectedAsync(batch, from, to, status, message, lineNumbers, stop).ConfigureAwait(false);
                    return;
                default:
                    Fail(InfluxResiliencePipeline.IsTransientStatus(status) ? WriteFailureReason.RetriesExhausted : WriteFailureReason.NotRetryable,
                        batch.LineTexts(from, to), status, message, null);
                    return;
            }
        }
    }

    // 400/422: report the lines the server names. After a partial write the others are written and are not resent;
    // after a full rejection that names only some lines (v2 names the first bad one), the others are sent again alone.
    private async Task HandleRejectedAsync(WriteBatch batch, int from, int to, HttpStatusCode status, string? message, List<int>? lineNumbers, CancellationToken stop)
    {
        int lines = to - from;
        bool partial = WriteResponse.IsPartialWrite(status, message);
        var named = WriteResponse.NamedLines(batch, from, to, message, lineNumbers);
        if (named.Count == 0)
        {
            // A type conflict names the field, not the lines: find them. After a partial write, trust the result only if
            // it accounts for exactly what the server dropped; after a full rejection (InfluxDB 1.x answers a plain 400
            // "field type conflict"), any line found is reported and the others are sent again without it.
            var conflicting = WriteResponse.TypeConflictLines(batch, from, to, message);
            if (!partial || conflicting.Count == WriteResponse.DroppedCount(message)) named = conflicting;
        }
        if (named.Count == 0)
        {
            if (partial)
            {
                var dropped = WriteResponse.DroppedCount(message);
                Fail(WriteFailureReason.PartialWriteUnidentified, batch.LineTexts(from, to), status, message, null, dropped);
                if (dropped is { } d && d < lines) InfluxTelemetry.PointsWritten.Add(lines - d, _writerTag);
            }
            else if (lines > 1)
            {
                // The server refused the whole batch without naming a line (InfluxDB 1.6 answers a bare "field type
                // conflict"). Nothing was written, so halving is safe and isolates exactly the lines it refuses.
                InfluxLog.SplittingBatch(_logger, status, lines);
                int middle = from + (lines / 2);
                await SendRangeAsync(batch, from, middle, stop).ConfigureAwait(false);
                await SendRangeAsync(batch, middle, to, stop).ConfigureAwait(false);
            }
            else
            {
                Fail(WriteFailureReason.Rejected, batch.LineTexts(from, to), status, message, null);
            }
            return;
        }

        var rejected = new string[named.Count];
        for (int i = 0; i < named.Count; i++) rejected[i] = batch.LineText(named[i]);
        Fail(WriteFailureReason.Rejected, rejected, status, message, null, WriteResponse.DroppedCount(message));
        int rest = lines - named.Count;
        if (rest == 0) return;
        if (partial)
        {
            InfluxTelemetry.PointsWritten.Add(rest, _writerTag);
            return;
        }
        using var remainder = new WriteBatch(0, batch.Range(from, to).Length, rest);
        int next = 0;
        for (int i = from; i < to; i++)
        {
            if (next < named.Count && named[next] == i) { next++; continue; }
            remainder.Append(batch.Line(i));
        }
        await SendRangeAsync(remainder, 0, remainder.Count, stop).ConfigureAwait(false);
    }

    private void Written(int lines, int bytes, long started)
    {
        InfluxTelemetry.PointsWritten.Add(lines, _writerTag);
        InfluxLog.BatchWritten(_logger, Name, lines, bytes, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void Fail(WriteFailureReason reason, string[] lines, HttpStatusCode? status, string? message, Exception? exception, int? serverDropped = null)
    {
        if (_durable is not null && IsKeptByDurableLog(reason))
        {
            _keepInFlight = true;
            if (!_stop.IsCancellationRequested)
            {
                // Not lost: the batch is on disk and the sender tries it again, so this is no failure report.
                DurableLogMessages.KeptForRetry(_logger, Name, lines.Length, reason);
                return;
            }
        }
        switch (reason)
        {
            case WriteFailureReason.Rejected:
                InfluxTelemetry.PointsRejected.Add(lines.Length, _writerTag, new("reason", "server"));
                break;
            case WriteFailureReason.PartialWriteUnidentified:
                InfluxTelemetry.PointsRejected.Add(serverDropped ?? lines.Length, _writerTag, new("reason", "server"));
                break;
            default:
                InfluxTelemetry.PointsFailed.Add(lines.Length, _writerTag, new("reason", reason.ToString()));
                break;
        }
        InfluxLog.WriteFailed(_logger, Name, lines.Length, reason, status is { } s ? (int)s : 0, message, exception);
        Raise(new WriteFailedEventArgs(reason, lines, status, message, exception, serverDropped));
    }

    private void Raise(WriteFailedEventArgs args)
    {
        try
        {
            WriteFailed?.Invoke(this, args);
        }
        catch (Exception ex)
        {
            // A failing handler must not stop the sender; the failure itself is already logged.
            InfluxLog.HandlerFailed(_logger, Name, ex);
        }
    }

    private static ReadOnlySpan<byte> TrimNewline(ReadOnlySpan<byte> line) => !line.IsEmpty && line[^1] == (byte)'\n' ? line[..^1] : line;
}
