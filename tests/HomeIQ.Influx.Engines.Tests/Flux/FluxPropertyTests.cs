using System.Globalization;
using System.Text;
using HomeIQ.Influx.Engines.Tests.Models;
using HomeIQ.Influx.Engines.Tests.Support;
using HomeIQ.Influx.Querying;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>
/// A seeded property test: random query specifications (ranges anywhere from year 1 to 9999, durations from 100 ns to
/// <see cref="TimeSpan.MaxValue"/>, random and hostile tag values and patterns, comparisons with any double, long or
/// ulong including the extremes, random selections, limits, orders and windows) turned into Flux by the generated
/// query class, and libflux must accept every one. <c>HOMEIQ_FLUX_CASES</c> sets the number of cases (default 2,000),
/// <c>HOMEIQ_FLUX_SEED</c> the seed; a failure names both, so it can be replayed.
/// </summary>
public sealed class FluxPropertyTests(ITestOutputHelper output)
{
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("HOMEIQ_FLUX_CASES"), out var n) && n > 0 ? n : 2_000;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("HOMEIQ_FLUX_SEED"), out var s) ? s : 20_240_101;

    [Fact]
    public void RandomQuerySpecsBuildFluxThatLibfluxAccepts()
    {
        using var client = FluxExpectations.V2Client();
        int seed = Seed, count = Cases;
        var random = new Random(seed);
        var cases = new List<(string Description, string Text)>(count);
        for (int i = 0; i < count; i++)
        {
            var description = new StringBuilder();
            var flux = RandomQuery(client.QueryThermostat(), random, description);
            cases.Add((description.ToString(), flux));
        }

        var results = LibFlux.Shared.CheckAll(cases.Select(c => c.Text).ToArray());
        var rejected = Enumerable.Range(0, count).Where(i => !results[i].Accepted).ToList();
        Assert.True(rejected.Count == 0,
            $"libflux rejected {rejected.Count} of {count} random queries (seed {seed}; replay with HOMEIQ_FLUX_SEED={seed} HOMEIQ_FLUX_CASES={count}); the first:\n\n" +
            string.Join("\n\n", rejected.Take(5).Select(i => $"case {i}: {cases[i].Description}\n{cases[i].Text}\n{results[i]}")));
        output.WriteLine($"{count} random query specs (seed {seed}) built into Flux and accepted by libflux {LibFlux.Shared.Version}.");
    }

    // Returns the Flux text of a random query: raw, a Window into the model's own members, or Aggregate rows.
    private static string RandomQuery(ThermostatQuery query, Random random, StringBuilder description)
    {
        switch (random.Next(4))
        {
            case 0:
                var (start, stop) = (RandomTime(random), RandomTime(random));
                if (start == stop) stop = start.AddTicks(1);
                if (stop < start) (start, stop) = (stop, start);
                description.Append(CultureInfo.InvariantCulture, $"Range({start:O}, {stop:O}) ");
                query = query.Range(start, stop);
                break;
            case 1:
                var since = RandomTime(random);
                description.Append(CultureInfo.InvariantCulture, $"Since({since:O}) ");
                query = query.Since(since);
                break;
            case 2:
                var last = RandomDuration(random);
                description.Append(CultureInfo.InvariantCulture, $"Last({last.Ticks} ticks) ");
                query = query.Last(last);
                break;
        }

        for (int tags = random.Next(4); tags > 0; tags--)
        {
            var (key, values) = (RandomTag(random), Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomText(random)).ToArray());
            switch (random.Next(3))
            {
                case 0:
                    description.Append(CultureInfo.InvariantCulture, $"WhereTag({key}, {LibFlux.Show(values[0])}) ");
                    query = query.WhereTag(key, values[0]);
                    break;
                case 1:
                    description.Append(CultureInfo.InvariantCulture, $"WhereTagIn({key}, {string.Join(", ", values.Select(LibFlux.Show))}) ");
                    query = query.WhereTagIn(key, values);
                    break;
                default:
                    var pattern = random.Next(2) == 0 ? InfluxRegex.EscapeLiteral(values[0]) : s_patterns[random.Next(s_patterns.Length)];
                    description.Append(CultureInfo.InvariantCulture, $"WhereTagMatches({key}, {LibFlux.Show(pattern)}) ");
                    query = query.WhereTagMatches(key, pattern);
                    break;
            }
        }

        for (int fields = random.Next(4); fields > 0; fields--)
        {
            var comparison = (FieldComparison)random.Next(6);
            switch (random.Next(4))
            {
                case 0:
                    var (floatKey, d) = (random.Next(2) == 0 ? "temperature" : "setpoint", RandomDouble(random));
                    description.Append(CultureInfo.InvariantCulture, $"WhereField({floatKey}, {comparison}, {d:R}) ");
                    query = query.WhereField(floatKey, comparison, d);
                    break;
                case 1:
                    var l = RandomLong(random);
                    description.Append(CultureInfo.InvariantCulture, $"WhereField(cycles, {comparison}, {l}) ");
                    query = query.WhereField("cycles", comparison, l);
                    break;
                case 2:
                    var u = (ulong)RandomLong(random);
                    description.Append(CultureInfo.InvariantCulture, $"WhereField(energy, {comparison}, {u}) ");
                    query = query.WhereField("energy", comparison, u);
                    break;
                default:
                    var whole = (double)random.Next(-1_000_000, 1_000_000);
                    description.Append(CultureInfo.InvariantCulture, $"WhereField(cycles, {comparison}, {whole:R} as double) ");
                    query = query.WhereField("cycles", comparison, whole);
                    break;
            }
        }

        if (random.Next(3) == 0)
        {
            var selected = s_fields.Where(_ => random.Next(2) == 0).DefaultIfEmpty(s_fields[random.Next(s_fields.Length)]).ToArray();
            description.Append(CultureInfo.InvariantCulture, $"Select({string.Join(", ", selected)}) ");
            query = query.Select(selected);
        }
        if (random.Next(3) == 0)
        {
            int limit = random.Next(4) == 0 ? int.MaxValue : random.Next(1, 10_000);
            description.Append(CultureInfo.InvariantCulture, $"Limit({limit}) ");
            query = query.Limit(limit);
        }
        if (random.Next(3) == 0)
        {
            description.Append("OrderByTimeDescending() ");
            query = query.OrderByTimeDescending();
        }
        if (random.Next(2) == 0)
        {
            var every = RandomDuration(random);
            var function = (AggregateFunction)random.Next(6);
            var groupBy = s_tags.Where(_ => random.Next(2) == 0).ToArray();
            bool rows = random.Next(2) == 0;
            description.Append(CultureInfo.InvariantCulture, $"{(rows ? "Aggregate" : "Window")}({every.Ticks} ticks, {function}, {string.Join(", ", groupBy)})");
            try
            {
                return rows ? query.Aggregate(every, function, groupBy).ToFlux() : query.Window(every, function, groupBy).ToFlux();
            }
            catch (ArgumentException e) when (e.ParamName == "function")
            {
                // The builder refuses an aggregate the selected fields cannot hold (issue 15); the query without it is checked.
                description.Append(" refused by the builder");
            }
        }
        return query.ToFlux();
    }

    private static readonly ThermostatQuery.Fields[] s_fields = Enum.GetValues<ThermostatQuery.Fields>();
    private static readonly ThermostatQuery.Tags[] s_tags = Enum.GetValues<ThermostatQuery.Tags>();
    private static readonly string[] s_patterns = ["^kitchen$", "(?i)^k", "a|b", "^[a-z]+/[0-9]{2,}$", "\\d+", ".*", "x\\/y", "(?s).", "[\\p{L}]+", "^$"];

    private static string RandomTag(Random random) => random.Next(3) switch { 0 => "room", 1 => "floor", _ => "zone" };

    private static string RandomText(Random random) => random.Next(3) == 0
        ? HostileValues.All[random.Next(HostileValues.All.Count)]
        : new string(Enumerable.Range(0, random.Next(0, 16)).Select(_ => (char)(random.Next(3) == 0 ? random.Next(0x20, 0x7F) : random.Next(0xA0, 0xD7FF))).ToArray());

    // Anywhere from year 1 to 9999, with ticks and an offset, or near the present.
    private static DateTimeOffset RandomTime(Random random)
    {
        long ticks = random.Next(3) == 0
            ? new DateTime(2024, 1, 1).Ticks + random.NextInt64(-TimeSpan.TicksPerDay * 3650, TimeSpan.TicksPerDay * 3650)
            : random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));
    }

    // From 100 ns to TimeSpan.MaxValue, spread over the magnitudes; whole units and odd tick counts.
    private static TimeSpan RandomDuration(Random random)
    {
        if (random.Next(20) == 0) return TimeSpan.MaxValue;
        long ticks = (long)Math.Pow(10, random.NextDouble() * 18.96);
        ticks = Math.Max(1, ticks);
        if (random.Next(2) == 0)
        {
            long[] units = [10, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour, TimeSpan.TicksPerDay, TimeSpan.TicksPerDay * 7];
            long unit = units[random.Next(units.Length)];
            ticks = Math.Max(1, ticks / unit) * unit;
        }
        return TimeSpan.FromTicks(ticks);
    }

    private static double RandomDouble(Random random) => random.Next(5) switch
    {
        0 => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 0.5,
        1 => new[] { 0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e-7, 1e21 }[random.Next(8)],
        _ => Math.Round((random.NextDouble() - 0.5) * 200, random.Next(0, 8)),
    };

    private static long RandomLong(Random random) => random.Next(4) switch
    {
        0 => new[] { long.MinValue, long.MaxValue, 0L, -1L, 1L, long.MinValue + 1 }[random.Next(6)],
        1 => random.NextInt64(long.MinValue, long.MaxValue),
        _ => random.NextInt64(-100_000, 100_000),
    };
}
