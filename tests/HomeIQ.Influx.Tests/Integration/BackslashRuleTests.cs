using System.Buffers;
using System.Text;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Tests.Integration;

/// <summary>
/// The evidence behind the writer's backslash rule (see LineProtocolWriter.WriteName): what InfluxDB 1.6.7 does with
/// backslashes in names and tag values. What the writer accepts reads back exactly; what it refuses, the server
/// misreads when written the naive way (escape <c>,</c> <c>=</c> space, leave <c>\</c> alone).
/// </summary>
public class BackslashRuleTests(InfluxDatabaseFixture db) : IClassFixture<InfluxDatabaseFixture>
{
    // Backslashes the writer accepts: before ordinary characters, doubled, leading, and (tag values only) before '"'.
    private static readonly string[] Accepted = [@"a\b", @"a\\b", @"\a", @"a\\\b", @"x\y\z", @"\\\\w"];

    [Fact]
    public async Task AcceptedBackslashesReadBackExactlyInEveryPosition()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output);
        for (int i = 0; i < Accepted.Length; i++)
        {
            var s = Accepted[i];
            writer.BeginPoint("bs" + s);
            writer.WriteTag("k" + s, s);
            writer.WriteTag("q"u8, s + "\"");        // backslash before a quote: fine in a tag value
            writer.WriteField("f" + s, s);
            writer.WriteTimestamp(i + 1L);
            writer.EndPoint();
        }
        await db.Server.WriteLineProtocolAsync(db.Database, Encoding.UTF8.GetString(output.WrittenSpan));

        var measurements = await db.Server.QueryRowsAsync(db.Database, "SHOW MEASUREMENTS");
        var names = measurements.Select(r => r["name"].GetString()).ToHashSet();
        foreach (var s in Accepted)
        {
            Assert.Contains("bs" + s, names);
            var tagKeys = await ColumnAsync($"SHOW TAG KEYS FROM {Identifier("bs" + s)}", 0);
            Assert.Equal(["k" + s, "q"], tagKeys.Order(StringComparer.Ordinal));
            var tagValues = await ColumnAsync($"SHOW TAG VALUES FROM {Identifier("bs" + s)} WITH KEY IN ({Identifier("k" + s)}, \"q\")", 1);
            Assert.Equal([s, s + "\""], tagValues.Order(StringComparer.Ordinal));
            Assert.Equal(["f" + s], await ColumnAsync($"SHOW FIELD KEYS FROM {Identifier("bs" + s)}", 0));
        }
    }

    [Fact]
    public async Task ABackslashBeforeACommaSpaceOrEqualsIsMisreadWhenWrittenNaively()
    {
        // Field key a\,b written naively as a\\,b: the server reads "\\" as a pair and the comma as a separator.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Server.WriteLineProtocolAsync(db.Database, "naive1 a\\\\,b=1i 1"));
        Assert.Contains("invalid field format", error.Message, StringComparison.Ordinal);

        // Measurement a\,b written naively as a\\,b reads back as "a,b": the backslash is lost.
        await db.Server.WriteLineProtocolAsync(db.Database, "naive2\\\\,b f=1i 1");
        var measurements = (await db.Server.QueryRowsAsync(db.Database, "SHOW MEASUREMENTS")).Select(r => r["name"].GetString()).ToList();
        Assert.Contains("naive2,b", measurements);
        Assert.DoesNotContain("naive2\\,b", measurements);

        // Tag value a\ b\,c written naively as a\\ b\\,c makes the server lose track of quotes: the next string
        // field with a newline splits the line, and the point is rejected.
        var batch = "naive3,t=a\\\\ b\\\\,c s=\"p\nq\" 1\nnaive3 f=2i 2";
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Server.WriteLineProtocolAsync(db.Database, batch));
        Assert.Contains("unbalanced quotes", error.Message, StringComparison.Ordinal);

        // Measurement a\"b reads back as a"b.
        await db.Server.WriteLineProtocolAsync(db.Database, "naive4\\\"b f=1i 1");
        measurements = (await db.Server.QueryRowsAsync(db.Database, "SHOW MEASUREMENTS")).Select(r => r["name"].GetString()).ToList();
        Assert.Contains("naive4\"b", measurements);

        // The writer refuses every one of them instead.
        foreach (var bad in new[] { @"a\,b", @"a\ b", @"a\=b" })
        {
            Assert.Throws<LineProtocolException>(() => Write((ref LineProtocolWriter w) => { w.BeginPoint("m"u8); w.WriteField(bad, 1L); }));
            Assert.Throws<LineProtocolException>(() => Write((ref LineProtocolWriter w) => { w.BeginPoint(bad); w.WriteField("f"u8, 1L); }));
            Assert.Throws<LineProtocolException>(() => Write((ref LineProtocolWriter w) => { w.BeginPoint("m"u8); w.WriteTag("t"u8, bad); }));
            Assert.Throws<LineProtocolException>(() => Write((ref LineProtocolWriter w) => { w.BeginPoint("m"u8); w.WriteTag(bad, "v"); }));
        }
        Assert.Throws<LineProtocolException>(() => Write((ref LineProtocolWriter w) => { w.BeginPoint("a\\\"b"); w.WriteField("f"u8, 1L); }));
        Assert.Throws<LineProtocolException>(() => Write((ref LineProtocolWriter w) => { w.BeginPoint("m"u8); w.WriteField("a\\\"b", 1L); }));
    }

    private static void Write(LineProtocol.PointAction action) => LineProtocol.Lines.Write(action);

    private async Task<List<string>> ColumnAsync(string influxql, int column)
    {
        using var json = await db.Server.ExecuteAsync(influxql, db.Database);
        var result = json.RootElement.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return [];
        return series.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray()).Select(v => v[column].GetString()!).ToList();
    }

    // InfluxQL double-quoted identifier: backslash and quote are escaped with a backslash.
    private static string Identifier(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
