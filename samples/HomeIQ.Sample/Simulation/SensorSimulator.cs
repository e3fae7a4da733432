using HomeIQ.Influx;
using HomeIQ.Sample.Measurements;

namespace HomeIQ.Sample.Simulation;

/// <summary>
/// Simulated smart-home sensors spread over rooms: every tick each sensor produces one reading, written through the
/// writers the container registered (<c>AddMeasurementWriter&lt;T&gt;()</c>).
/// </summary>
public sealed class SensorSimulator(
    IMeasurementWriter<ClimateReading> climateWriter,
    IMeasurementWriter<PowerReading> powerWriter,
    IMeasurementWriter<StateReading> stateWriter)
{
    /// <summary>The rooms sensors are spread over, three sensors (climate, power, binary) per room in turn.</summary>
    public static readonly string[] Rooms = ["living room", "kitchen", "bedroom", "bathroom", "office", "hallway"];

    private static readonly string[] s_devices = ["tv", "fridge", "lamp", "washer", "pc", "heater"];
    private static readonly string[] s_binaryKinds = ["door", "window", "motion"];

    private long _produced;

    /// <summary>Points handed to the writers so far.</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Runs <paramref name="sensors"/> sensors, one reading each per <paramref name="interval"/>, for <paramref name="duration"/>.</summary>
    public async Task RunAsync(int sensors, TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        var climate = new List<ClimateReading>();
        var power = new List<PowerReading>();
        var states = new List<StateReading>();
        var active = new bool[sensors];
        using var timer = new PeriodicTimer(interval);
        var end = DateTimeOffset.UtcNow + duration;
        long tick = 0;
        do
        {
            var now = DateTimeOffset.UtcNow;
            climate.Clear();
            power.Clear();
            states.Clear();
            for (int i = 0; i < sensors; i++)
            {
                int roomIndex = i / 3 % Rooms.Length;
                string room = Rooms[roomIndex];
                // Each room has its own base climate, drifting slowly with a little noise.
                double phase = tick * interval.TotalSeconds / 60.0 * Math.PI * 2;
                switch (i % 3)
                {
                    case 0:
                        climate.Add(new ClimateReading
                        {
                            Room = room,
                            Sensor = $"climate-{i}",
                            Temperature = Math.Round(19.0 + roomIndex * 0.8 + Math.Sin(phase + roomIndex) * 0.5 + random.NextDouble() * 0.2, 2),
                            Humidity = Math.Round(40.0 + roomIndex * 3 + Math.Cos(phase) * 2 + random.NextDouble(), 1),
                            Time = now,
                        });
                        break;
                    case 1:
                        double watts = Math.Round(20 + roomIndex * 35 + random.NextDouble() * 15 * (1 + Math.Sin(phase)), 1);
                        power.Add(new PowerReading
                        {
                            Device = $"{room.Replace(' ', '-')}-{s_devices[roomIndex % s_devices.Length]}",
                            Room = room,
                            Watts = watts,
                            EnergyWh = watts * interval.TotalHours,
                            Time = now,
                        });
                        break;
                    default:
                        bool next = random.NextDouble() < 0.05 ? !active[i] : active[i];
                        states.Add(new StateReading
                        {
                            Kind = s_binaryKinds[roomIndex % s_binaryKinds.Length],
                            Room = room,
                            Sensor = $"binary-{i}",
                            Active = next,
                            Changes = next != active[i] ? 1 : 0,
                            Time = now,
                        });
                        active[i] = next;
                        break;
                }
            }
            // Lists of readings go to the writers in one call each: the writers batch across calls themselves.
            if (climate.Count > 0) await climateWriter.WriteAsync(climate, cancellationToken);
            if (power.Count > 0) await powerWriter.WriteAsync(power, cancellationToken);
            if (states.Count > 0) await stateWriter.WriteAsync(states, cancellationToken);
            Interlocked.Add(ref _produced, climate.Count + power.Count + states.Count);
            tick++;
        }
        while (DateTimeOffset.UtcNow < end && await timer.WaitForNextTickAsync(cancellationToken));
    }
}
