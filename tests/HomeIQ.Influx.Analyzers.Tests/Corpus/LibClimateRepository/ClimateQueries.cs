using HomeIQ.Influx.Querying;

namespace Home.Climate.Storage;

/// <summary>Query text for the dashboards, built safely.</summary>
public static class ClimateQueries
{
    public static string RoomLastHour(string bucket, string room)
        => "from(bucket: " + FluxText.QuoteString(bucket) + ") |> range(start: -1h) |> filter(fn: (r) => r.room == " + FluxText.QuoteString(room) + ")";

    public static string RoomWindow(string room, TimeSpan every)
        => $"SELECT mean(temperature) FROM climate WHERE room = {InfluxQLText.QuoteString(room)} GROUP BY time({InfluxQLText.FormatDuration(every)})";
}
