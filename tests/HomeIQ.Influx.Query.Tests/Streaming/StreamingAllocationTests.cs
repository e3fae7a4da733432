using System.Text;
using HomeIQ.Influx.Querying;
using static HomeIQ.Influx.Query.Tests.GeneratedResponseStream;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>
/// A million rows (HOMEIQ_STREAM_ROWS to change) parsed from a stream while allocating only the rows and their strings.
/// Bytes are counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/>; every read is checked to complete
/// synchronously so all the work stays on this thread and is counted. Nothing is timed.
/// </summary>
public class StreamingAllocationTests
{
    private const int RowsPerChunk = 10_000;
    private static readonly long T0Nanoseconds = (SensorDataFixture.T0.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static int RowCount => int.TryParse(Environment.GetEnvironmentVariable("HOMEIQ_STREAM_ROWS"), out var n) && n > 0 ? n : 1_000_000;

    // chunked=true: one JSON document per 10,000 rows; the series tag "room" comes from the series header.
    private static int WriteJsonRow(int i, byte[] b)
    {
        int at = 0;
        if (i % RowsPerChunk == 0)
        {
            if (i > 0) at = Append(b, at, "],\"partial\":true}],\"partial\":true}]}\n"u8);
            at = Append(b, at, "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"sensor\",\"tags\":{\"room\":\"kitchen\"},\"columns\":[\"time\",\"temperature\",\"count\",\"ok\",\"sensor_id\"],\"values\":[["u8);
        }
        else at = Append(b, at, ",["u8);
        at = Append(b, at, T0Nanoseconds + i * 1_000_000_000L);
        at = Append(b, at, ","u8);
        at = Append(b, at, 20 + (i % 100) * 0.125);
        at = Append(b, at, ","u8);
        at = Append(b, at, (long)i);
        at = Append(b, at, i % 2 == 0 ? ",true,\"sensor-"u8 : ",false,\"sensor-"u8);
        at = Append(b, at, (long)(i % 10));
        return Append(b, at, "\"]"u8);
    }

    // Annotated CSV as InfluxDB 2 writes it (CRLF), a new table every 10,000 rows and new annotations every 100,000.
    private static int WriteCsvRow(int i, byte[] b)
    {
        int at = 0;
        if (i % 100_000 == 0)
        {
            if (i > 0) at = Append(b, at, "\r\n"u8);
            at = Append(b, at, "#group,false,false,true,true,false,false,false,false,true,true,true\r\n#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339Nano,double,long,boolean,string,string,string\r\n#default,_result,,,,,,,,,,\r\n,result,table,_start,_stop,_time,temperature,count,ok,_measurement,room,sensor_id\r\n"u8);
        }
        at = Append(b, at, ",,"u8);
        at = Append(b, at, (long)(i / RowsPerChunk));
        at = Append(b, at, ",2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,"u8);
        at = Append(b, at, SensorDataFixture.T0.UtcDateTime.AddSeconds(i));
        at = Append(b, at, ","u8);
        at = Append(b, at, 20 + (i % 100) * 0.125);
        at = Append(b, at, ","u8);
        at = Append(b, at, (long)i);
        at = Append(b, at, i % 2 == 0 ? ",true,sensor,kitchen,sensor-"u8 : ",false,sensor,kitchen,sensor-"u8);
        at = Append(b, at, (long)(i % 10));
        return Append(b, at, "\r\n"u8);
    }

    private static long SizeOf(Func<object> create)
    {
        create(); // JIT first
        long before = GC.GetAllocatedBytesForCurrentThread();
        var o = create();
        long size = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(o);
        return size;
    }

    private static (long Rows, long Bytes, double Checksum) Drain(QueryResultReader reader)
    {
        var rows = reader.ReadAllAsync<SensorReading>().GetAsyncEnumerator();
        long count = 0;
        double checksum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (true)
        {
            var next = rows.MoveNextAsync();
            if (!next.IsCompleted) throw new InvalidOperationException("A read went asynchronous; allocations on other threads would not be counted.");
            if (!next.Result) break;
            var row = rows.Current;
            checksum += row.Temperature + row.Count + row.SensorId!.Length;
            count++;
        }
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        rows.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (count, bytes, checksum);
    }

    private static double ExpectedChecksum(int rows) =>
        Enumerable.Range(0, rows).Sum(i => 20 + (i % 100) * 0.125 + i + "sensor-0".Length);

    [Fact]
    public void InfluxQLJsonAllocatesOnlyRowsAndTheirStrings()
    {
        int rows = RowCount;
        var epilogue = Encoding.UTF8.GetBytes("]}]}]}\n");
        // Warm up (JIT, pools) on a small response of the same shape.
        Drain(QueryResultReader.CreateInfluxQL(new GeneratedResponseStream(RowsPerChunk * 2, WriteJsonRow, epilogue)));

        var (count, bytes, checksum) = Drain(QueryResultReader.CreateInfluxQL(new GeneratedResponseStream(rows, WriteJsonRow, epilogue)));

        Assert.Equal(rows, count);
        Assert.Equal(ExpectedChecksum(rows), checksum, 3);
        // Per row: the SensorReading and its sensor_id string; the room comes from the series header, shared by every row.
        long perRow = SizeOf(() => new SensorReading()) + SizeOf(() => new string('s', "sensor-0".Length));
        double actual = (double)bytes / rows;
        Assert.True(actual <= perRow + 1.0, $"Allocated {actual:0.00} bytes per row; the row and its string are {perRow} bytes.");
        Assert.True(actual >= perRow, $"Allocated {actual:0.00} bytes per row, less than the rows themselves ({perRow}): the measurement is not counting.");
    }

    [Fact]
    public void FluxCsvAllocatesOnlyRowsAndTheirStrings()
    {
        int rows = RowCount;
        Drain(QueryResultReader.CreateFluxCsv(new GeneratedResponseStream(RowsPerChunk * 2, WriteCsvRow, [])));

        var (count, bytes, checksum) = Drain(QueryResultReader.CreateFluxCsv(new GeneratedResponseStream(rows, WriteCsvRow, [])));

        Assert.Equal(rows, count);
        Assert.Equal(ExpectedChecksum(rows), checksum, 3);
        // Per row: the SensorReading, its room string and its sensor_id string (both are cells of every CSV row).
        long perRow = SizeOf(() => new SensorReading()) + SizeOf(() => new string('k', "kitchen".Length)) + SizeOf(() => new string('s', "sensor-0".Length));
        double actual = (double)bytes / rows;
        Assert.True(actual <= perRow + 1.0, $"Allocated {actual:0.00} bytes per row; the row and its strings are {perRow} bytes.");
        Assert.True(actual >= perRow, $"Allocated {actual:0.00} bytes per row, less than the rows themselves ({perRow}): the measurement is not counting.");
    }
}
