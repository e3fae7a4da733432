namespace Dashboard.Services;

public sealed record RoomReading(string Room, double Value, DateTime Time);

public interface IReadingService
{
    Task<IReadOnlyList<RoomReading>> LatestAsync(string measurement, CancellationToken cancellationToken);

    Task<IReadOnlyList<RoomReading>> HistoryAsync(string room, TimeSpan window, CancellationToken cancellationToken);

    Task RecordAsync(RoomReading reading, CancellationToken cancellationToken);
}
