using HomeIQ.Influx;

namespace HomeIQ.Influx.Consumer.Tests.Models;

/// <summary>
/// Member names whose query methods would clash: <c>Tag</c> with the base class's <c>WhereTag</c>, <c>RoomMatches</c>
/// with <c>Room</c>'s <c>WhereRoomMatches(string)</c>, <c>TempEquals</c> with <c>Temp</c>'s <c>WhereTempEquals</c>.
/// </summary>
[Measurement("names")]
public partial class QueryNames
{
    [Tag("tag")] public string? Tag { get; set; }
    [Tag("room")] public string? Room { get; set; }
    [Tag("room_matches")] public string? RoomMatches { get; set; }
    [Field("temp")] public double Temp { get; set; }
    [Tag("temp_equals")] public string? TempEquals { get; set; }
}
