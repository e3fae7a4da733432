using ClimateService.Storage;

namespace ClimateService.Endpoints;

public static class ClimateEndpoints
{
    public static IEndpointRouteBuilder MapClimateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/climate");
        group.MapPost("/", RecordAsync);
        group.MapGet("/rooms", async (ClimateStore store, CancellationToken ct) => Results.Ok(await store.RoomsAsync(ct)));
        group.MapGet("/{room}", HistoryAsync);
        group.MapGet("/{room}/average", AverageAsync);
        return app;
    }

    private static async Task<IResult> RecordAsync(ClimateReadingRequest request, ClimateStore store, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Room)) return Results.BadRequest("room is required");
        await store.RecordAsync(new RoomClimate
        {
            Room = request.Room,
            Sensor = request.Sensor,
            Temperature = request.Temperature,
            Humidity = request.Humidity,
            Co2 = request.Co2,
            Time = request.Time ?? DateTimeOffset.UtcNow,
        }, ct);
        return Results.Accepted();
    }

    private static async Task<IResult> HistoryAsync(string room, int? hours, ClimateStore store, CancellationToken ct)
        => Results.Ok(await store.HistoryAsync(room, TimeSpan.FromHours(hours ?? 24), ct));

    private static async Task<IResult> AverageAsync(string room, DateTimeOffset from, DateTimeOffset to, ClimateStore store, CancellationToken ct)
        => await store.AverageAsync(room, from, to, ct) is { } avg ? Results.Ok(avg) : Results.NotFound();

    public sealed record ClimateReadingRequest(string Room, string? Sensor, double Temperature, double Humidity, long? Co2, DateTimeOffset? Time);
}
