using Dashboard.Services;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Controllers;

[ApiController]
[Route("api/[controller]")]
public sealed class ReadingsController(IReadingService readings) : ControllerBase
{
    [HttpGet("{measurement}/latest")]
    public async Task<IActionResult> Latest(string measurement, CancellationToken cancellationToken)
        => Ok(await readings.LatestAsync(measurement, cancellationToken));

    [HttpGet("rooms/{room}")]
    public async Task<IActionResult> History(string room, [FromQuery] int minutes = 60, CancellationToken cancellationToken = default)
        => Ok(await readings.HistoryAsync(room, TimeSpan.FromMinutes(minutes), cancellationToken));

    [HttpPost]
    public async Task<IActionResult> Record(RoomReading reading, CancellationToken cancellationToken)
    {
        await readings.RecordAsync(reading, cancellationToken);
        return Accepted();
    }
}
