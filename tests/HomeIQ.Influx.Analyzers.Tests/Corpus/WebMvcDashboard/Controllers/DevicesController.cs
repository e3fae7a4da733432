using Dashboard.Services;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Controllers;

[ApiController]
[Route("api/devices")]
public sealed class DevicesController : ControllerBase
{
    private readonly IDeviceService _devices;
    private readonly IInfluxDBClient _client;

    public DevicesController(IDeviceService devices, IInfluxDBClient client)
    {
        _devices = devices;
        _client = client;
    }

    [HttpGet]
    public async Task<IReadOnlyList<string>> Get(CancellationToken cancellationToken) => await _devices.ListDevicesAsync(cancellationToken);

    [HttpPost("{device}/heartbeat")]
    public IActionResult Heartbeat(string device)
    {
        var writeApi = _client.GetWriteApi(); // expect: HIQ003, HIQ007
        writeApi.WritePoint(PointData.Measurement("heartbeat").Tag("device", device).Field("alive", true).Timestamp(DateTime.UtcNow, WritePrecision.S), "home", "home");
        return NoContent();
    }

    [HttpGet("{device}/uptime")]
    public async Task<IActionResult> Uptime(string device, CancellationToken cancellationToken)
    {
        var query = _client.GetQueryApiSync();
        var flux = "from(bucket: \"home\") |> range(start: -24h) |> filter(fn: (r) => r._measurement == \"heartbeat\") |> count()";
        var tables = query.QuerySync(flux, "home", cancellationToken); // expect: HIQ006
        await Task.CompletedTask;
        return Ok(new { device, beats = tables.SelectMany(t => t.Records).Count() });
    }
}
