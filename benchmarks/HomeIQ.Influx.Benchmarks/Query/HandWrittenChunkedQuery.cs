using System.Net.Http.Headers;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Query;

/// <summary>
/// The hand-written baseline for queries from a real server: a plain <see cref="HttpClient"/> sends the same request as
/// HomeIQ's InfluxQL path (<c>POST /query</c> with <c>q</c>, <c>db</c>, <c>epoch=ns</c>, <c>chunked=true</c>), and the
/// chunked answer (one JSON document per chunk of 10,000 rows, each ending with a newline) is parsed document by
/// document with <see cref="System.Text.Json.Utf8JsonReader"/> as it streams in
/// (<see cref="HandWrittenQueryParsers.ParseInfluxQlJson(ReadOnlySpan{byte}, Action{SensorPoint})"/>). One reusable
/// buffer holds the unfinished document; the rows and their strings are all it allocates per row.
/// </summary>
public sealed class HandWrittenChunkedQuery(HttpClient http)
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    private byte[] _buffer = new byte[1 << 20];

    /// <summary>Runs <paramref name="influxql"/> on <paramref name="database"/> and hands every row to <paramref name="row"/>.</summary>
    public async Task ReadAsync(string database, string influxql, Action<SensorPoint> row)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "query")
        {
            Content = new FormUrlEncodedContent([new("q", influxql), new("epoch", "ns"), new("db", database), new("chunked", "true")]),
        };
        request.Headers.Accept.Add(AcceptJson);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);

        int start = 0, scanned = 0, end = 0;
        while (true)
        {
            // Every complete document (up to a newline) in the buffer; `scanned` keeps the search from going over the
            // bytes of an unfinished document again on every read.
            int newline;
            while ((newline = _buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n')) >= 0)
            {
                HandWrittenQueryParsers.ParseInfluxQlJson(_buffer.AsSpan(start, scanned + newline - start), row);
                start = scanned = scanned + newline + 1;
            }
            scanned = end;
            if (start > 0)
            {
                _buffer.AsSpan(start, end - start).CopyTo(_buffer);
                end -= start;
                scanned -= start;
                start = 0;
            }
            if (end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            int read = await body.ReadAsync(_buffer.AsMemory(end)).ConfigureAwait(false);
            if (read == 0) break;
            end += read;
        }
        if (end > start) HandWrittenQueryParsers.ParseInfluxQlJson(_buffer.AsSpan(start, end - start), row);
    }
}
