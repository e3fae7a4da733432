using System.Net;
using HomeIQ.Influx.Client;
using HomeIQ.Influx.Resilience;
using HomeIQ.Influx.Writing.Batching;

namespace HomeIQ.Influx.Writing.Sending;

internal sealed partial class BatchSender
{
    // 400/422: report the lines the server names. After a partial write the others are written and are not resent;
    // after a full rejection that names only some lines (v2 names the first bad one), the others are sent again alone.
    private async ValueTask<bool> HandleRejectedAsync(WriteBatch batch, int from, int to, HttpStatusCode status, ServerErrorBody answer, Settlement settlement,
        RetryNote note, CancellationToken cancel)
    {
        int lines = to - from;
        var message = answer.Message;
        bool partial = WriteResponse.IsPartialWrite(status, message);
        var named = WriteResponse.NamedLines(batch, from, to, message, answer.LineNumbers);
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
                bool kept = settlement.Fail(WriteFailureReason.PartialWriteUnidentified, batch.LineTexts(from, to), status, message, null, dropped);
                if (dropped is { } d && d < lines) settlement.AlsoWritten(lines - d);
                return kept;
            }
            // The server refused the whole batch without naming a line (InfluxDB 1.6 answers a bare "field type
            // conflict"). Nothing was written, so halving is safe and isolates exactly the lines it refuses.
            if (lines > 1) return await SplitAsync(batch, from, to, status, settlement, note, cancel).ConfigureAwait(false);
            return Fail(settlement, WriteFailureReason.Rejected, batch, from, to, status, message, null);
        }

        var rejected = new string[named.Count];
        for (int i = 0; i < named.Count; i++) rejected[i] = batch.LineText(named[i]);
        bool keptRejected = settlement.Fail(WriteFailureReason.Rejected, rejected, status, message, null, WriteResponse.DroppedCount(message));
        int rest = lines - named.Count;
        if (rest == 0) return keptRejected;
        if (partial)
        {
            settlement.AlsoWritten(rest);
            return keptRejected;
        }
        using var remainder = new WriteBatch(0, batch.Range(from, to).Length, rest);
        int next = 0;
        for (int i = from; i < to; i++)
        {
            if (next < named.Count && named[next] == i) { next++; continue; }
            remainder.Append(batch.Line(i));
        }
        return await SendRangeAsync(remainder, 0, remainder.Count, settlement, note, cancel).ConfigureAwait(false) | keptRejected;
    }
}
