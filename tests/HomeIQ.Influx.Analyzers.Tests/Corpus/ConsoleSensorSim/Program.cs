using HomeIQ.Influx;
using SensorSim;

// Simulates a few rooms for an afternoon of dashboard work, then prints what it wrote.
var options = new InfluxClientOptions
{
    Url = new Uri(Environment.GetEnvironmentVariable("INFLUXDB_URL") ?? "http://localhost:8086"),
    Api = InfluxApiVersion.V1,
    Database = "sim",
};
var client = new InfluxClient(options); // expect: HIQ001
await using var climate = new ClimateReadingWriter(client);
var doors = client.CreateWriter<DoorEvent>(); // expect: HIQ007

var random = new Random(42);
string[] rooms = ["kitchen", "living room", "office"];
for (var minute = 0; minute < 240; minute++)
{
    foreach (var room in rooms)
    {
        await climate.WriteAsync(new ClimateReading
        {
            Room = room,
            Temperature = 19 + random.NextDouble() * 4,
            Humidity = 40 + random.NextDouble() * 10,
            Time = DateTime.Now, // expect: HIQ005
        });
    }

    if (minute % 30 == 0)
        await doors.WriteAsync(new DoorEvent { Door = "front", Open = minute % 60 == 0, Time = DateTimeOffset.UtcNow });
}

await climate.FlushAsync();
await foreach (var reading in client.QueryClimateReading().WhereRoom("kitchen").Last(TimeSpan.FromHours(1)).ExecuteAsync())
    Console.WriteLine($"{reading.Time:t} {reading.Temperature:0.0} °C");
