using System.Text.Json;
using System.Text.RegularExpressions;
using HomeIQ.Influx.Engines.Tests.Models;
using HomeIQ.Influx.Querying;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>
/// Every feature of the query builder, alone and in every combination, turned into Flux by the generated
/// <c>ThermostatQuery</c> and read by InfluxData's own compiler: each text must parse, pass <c>is_valid_flux</c> and the
/// semantic check, and its AST must say what the query asked for (the pipe chain, the range, the window, the limit,
/// the order, every tag value as one literal).
/// </summary>
public sealed class FluxBuilderTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset Stop = new(2024, 1, 2, 6, 30, 0, TimeSpan.FromHours(2));

    private sealed record Choice(string Name, Func<ThermostatQuery, ThermostatQuery> Apply);

    // Each dimension of a query, with what the AST must then show.
    private sealed record TimeChoice(string Name, Func<ThermostatQuery, ThermostatQuery> Apply, Action<JsonElement> CheckRange);
    private sealed record TagChoice(string Name, Func<ThermostatQuery, ThermostatQuery> Apply, int Filters, string[] Values);
    private sealed record FieldChoice(string Name, Func<ThermostatQuery, ThermostatQuery> Apply, string[] Keys);
    private sealed record SelectChoice(string Name, Func<ThermostatQuery, ThermostatQuery> Apply, string[]? Keys);
    private sealed record OrderChoice(string Name, Func<ThermostatQuery, ThermostatQuery> Apply, int? Limit, bool Descending);
    private sealed record WindowChoice(string Name, AggregateFunction? Function, TimeSpan Every, ThermostatQuery.Tags[] GroupBy)
    {
        public int GroupTags => GroupBy.Length;

        // Window reads each aggregate into the field's own member; Aggregate reads rows of numbers. Both send the same
        // pipe chain. Window refuses (ArgumentException for "function") an aggregate a selected field cannot hold.
        public string WindowFlux(ThermostatQuery q) => Function is { } f ? q.Window(Every, f, GroupBy).ToFlux() : q.ToFlux();

        public string AggregateFlux(ThermostatQuery q) => Function is { } f ? q.Aggregate(Every, f, GroupBy).ToFlux() : q.ToFlux();
    }

    private static readonly TimeChoice[] Times =
    [
        new("all time", q => q, range => Assert.Equal(0, FluxExpectations.Integer(FluxAst.Argument(range, "start")!.Value))),
        new("range", q => q.Range(Start, Stop), range =>
        {
            Assert.Equal(Start, FluxExpectations.Time(FluxAst.Argument(range, "start")!.Value));
            Assert.Equal(Stop, FluxExpectations.Time(FluxAst.Argument(range, "stop")!.Value));
        }),
        new("since", q => q.Since(Stop), range =>
        {
            Assert.Equal(Stop, FluxExpectations.Time(FluxAst.Argument(range, "start")!.Value));
            Assert.Null(FluxAst.Argument(range, "stop"));
        }),
        new("last 90m", q => q.Last(TimeSpan.FromMinutes(90)), range =>
        {
            var start = FluxAst.Argument(range, "start")!.Value;
            Assert.Equal("UnaryExpression", start.GetProperty("type").GetString());
            Assert.Equal("-", start.GetProperty("operator").GetString());
            FluxExpectations.AssertDuration(TimeSpan.FromMinutes(90), start.GetProperty("argument"));
        }),
    ];

    private static readonly TagChoice[] Tags =
    [
        new("no tag filter", q => q, 0, []),
        new("tag equals", q => q.WhereRoom("kitchen"), 1, ["kitchen"]),
        new("tag in", q => q.WhereRoomIn("kitchen", "living room", "bad\"room"), 1, ["kitchen", "living room", "bad\"room"]),
        new("tag regex", q => q.WhereZoneMatches("^z[0-9]+/north$"), 1, ["^z[0-9]+/north$"]),
        new("tag equals, in and regex", q => q.WhereFloor("1").WhereRoomIn("a", "b").WhereZoneMatches(new Regex("^Z", RegexOptions.IgnoreCase)), 3, ["1", "a", "b", "(?i)^Z"]),
    ];

    private static readonly FieldChoice[] Fields =
    [
        new("no field filter", q => q, []),
        new("float field", q => q.WhereTemperatureGreaterThan(20.5), ["temperature"]),
        new("integer, unsigned and float fields", q => q.WhereCyclesLessThanOrEqual(5).WhereEnergyGreaterThan(7).WhereSetpointNotEquals(-0.5), ["cycles", "energy", "setpoint"]),
    ];

    private static readonly SelectChoice[] Selections =
    [
        new("every field", q => q, null),
        new("select two", q => q.Select(ThermostatQuery.Fields.Temperature, ThermostatQuery.Fields.Cycles), ["temperature", "cycles"]),
    ];

    private static readonly OrderChoice[] Orders =
    [
        new("ascending", q => q, null, false),
        new("limit", q => q.Limit(7), 7, false),
        new("descending", q => q.OrderByTimeDescending(), null, true),
        new("descending with limit", q => q.OrderByTimeDescending().Limit(3), 3, true),
    ];

    private static readonly WindowChoice[] Windows =
    [
        new("raw", null, default, []),
        .. Enum.GetValues<AggregateFunction>().SelectMany(f => new WindowChoice[]
        {
            new($"{f} every 5m", f, TimeSpan.FromMinutes(5), []),
            new($"{f} every 1500ms by room and floor", f, TimeSpan.FromMilliseconds(1500), [ThermostatQuery.Tags.Room, ThermostatQuery.Tags.Floor]),
        }),
    ];

    // Alone only (the combinations above already group by none and by two tags).
    private static readonly WindowChoice[] MoreWindows = Enum.GetValues<AggregateFunction>()
        .Select(f => new WindowChoice($"{f} every 1h by room", f, TimeSpan.FromHours(1), [ThermostatQuery.Tags.Room]))
        .ToArray();

    [Fact]
    public void EveryFeatureAloneIsAcceptedByLibflux()
    {
        using var client = FluxExpectations.V2Client();
        Choice[] alone =
        [
            .. Times.Skip(1).Select(c => new Choice(c.Name, c.Apply)),
            .. Tags.Skip(1).Select(c => new Choice(c.Name, c.Apply)),
            new("tag regex with every RE2 flag", q => q.WhereRoomMatches(new Regex("^k.*n$", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.Singleline))),
            .. Fields.Skip(1).Select(c => new Choice(c.Name, c.Apply)),
            .. Enum.GetValues<FieldComparison>().SelectMany(c => new Choice[]
            {
                new($"float {c}", q => q.WhereField("temperature", c, 21.25)),
                new($"integer {c}", q => q.WhereField("cycles", c, -42L)),
                new($"unsigned {c}", q => q.WhereField("energy", c, ulong.MaxValue)),
            }),
            .. Selections.Skip(1).Select(c => new Choice(c.Name, c.Apply)),
            new("select every kind", q => q.Select(ThermostatQuery.Fields.On, ThermostatQuery.Fields.Mode, ThermostatQuery.Fields.Energy)),
            .. Orders.Skip(1).Select(c => new Choice(c.Name, c.Apply)),
            new("last 1 week", q => q.Last(TimeSpan.FromDays(7))),
            new("last 100 ns", q => q.Last(TimeSpan.FromTicks(1))),
            new("last 3 days 5 µs", q => q.Last(TimeSpan.FromDays(3) + TimeSpan.FromMicroseconds(5))),
            new("range with a local offset", q => q.Range(new DateTimeOffset(2023, 3, 25, 23, 59, 59, TimeSpan.FromHours(-7)), new DateTimeOffset(2023, 3, 26, 9, 0, 0, TimeSpan.FromHours(2)))),
        ];
        var texts = alone.Select(c => c.Apply(client.QueryThermostat()).ToFlux())
            .Concat(Windows.Skip(1).Concat(MoreWindows).SelectMany(w => new[] { w.WindowFlux(client.QueryThermostat()), w.AggregateFlux(client.QueryThermostat()) }))
            // The same builder with string keys, as MeasurementQuery<T> (client.Query<T>()) offers it.
            .Append(client.Query<Thermostat>().WhereTag("room", "kitchen").WhereField("cycles", FieldComparison.Equal, 3L).SelectFields("mode").ToFlux())
            .ToArray();
        FluxExpectations.AssertAccepted(texts);
        output.WriteLine($"{texts.Length} single-feature Flux texts accepted by libflux {LibFlux.Shared.Version}.");
    }

    [Fact]
    public void EveryCombinationOfFeaturesIsAcceptedByLibfluxAndMeansWhatWasAsked()
    {
        using var client = FluxExpectations.V2Client();
        var cases = new List<(string Name, string Text, Action<JsonElement> Check)>();
        int refused = 0;
        foreach (var time in Times)
        foreach (var tags in Tags)
        foreach (var fields in Fields)
        foreach (var select in Selections)
        foreach (var order in Orders)
        foreach (var window in Windows)
        {
            var query = order.Apply(select.Apply(fields.Apply(tags.Apply(time.Apply(client.QueryThermostat())))));
            var name = $"{time.Name} / {tags.Name} / {fields.Name} / {select.Name} / {order.Name} / {window.Name}";
            string text;
            try
            {
                text = window.WindowFlux(query);
            }
            catch (ArgumentException e) when (e.ParamName == "function")
            {
                // e.g. the mean of the selected integer field into its own member: the builder refuses it when the
                // query is built, and the same aggregate as numeric rows is what the user is pointed to instead.
                text = window.AggregateFlux(query);
                name += " (as Aggregate rows)";
                refused++;
            }
            cases.Add((name, text, ast => CheckMeaning(ast, time, tags, fields, select, order, window)));
        }

        var results = FluxExpectations.AssertAccepted(cases.Select(c => c.Text).ToArray(), withAst: true);
        for (int i = 0; i < cases.Count; i++)
        {
            try
            {
                cases[i].Check(results[i].Ast!.Value);
            }
            catch (Exception e)
            {
                Assert.Fail($"{cases[i].Name}: the AST does not say what the query asked for: {e.Message}\n{cases[i].Text}");
            }
        }
        output.WriteLine($"{cases.Count} combinations ({Times.Length} ranges x {Tags.Length} tag filters x {Fields.Length} field filters x " +
                         $"{Selections.Length} selections x {Orders.Length} orders/limits x {Windows.Length} windows) accepted by libflux {LibFlux.Shared.Version}; " +
                         $"{refused} windows the builder refuses into the model's members were checked as Aggregate rows.");
    }

    private static void CheckMeaning(JsonElement ast, TimeChoice time, TagChoice tags, FieldChoice fields, SelectChoice select, OrderChoice order, WindowChoice window)
    {
        // The pipe chain, derived from what was asked (not from the builder's code).
        var expected = new List<string> { "from", "range", "filter" };
        expected.AddRange(Enumerable.Repeat("filter", tags.Filters));
        expected.Add("filter"); // the fields read
        if (window.Function is not null)
        {
            expected.AddRange(Enumerable.Repeat("filter", fields.Keys.Length));
            expected.AddRange(["group", "aggregateWindow", "pivot"]);
        }
        else
        {
            expected.Add("pivot");
            expected.AddRange(Enumerable.Repeat("filter", fields.Keys.Length));
            if (select.Keys is { } keys && fields.Keys.Any(k => !keys.Contains(k))) expected.Add("drop"); // filtered on, not asked for
            expected.Add("group");
        }
        expected.Add("sort");
        if (order.Limit is not null) expected.Add("limit");
        Assert.Equal(expected, FluxAst.PipeCalls(ast));

        var calls = FluxAst.PipeCallNodes(ast);
        Assert.Equal(FluxExpectations.Bucket, FluxAst.Argument(calls[0], "bucket")!.Value.GetProperty("value").GetString());
        time.CheckRange(calls[1]);

        var literals = FluxAst.StringAndRegexValues(ast);
        foreach (var value in tags.Values) Assert.Contains(value, literals);

        var sort = calls.Single(c => c.GetProperty("callee").GetProperty("name").GetString() == "sort");
        Assert.Equal(order.Descending, FluxAst.Argument(sort, "desc") is not null);
        if (order.Limit is { } limit)
            Assert.Equal(limit, FluxExpectations.Integer(FluxAst.Argument(calls[^1], "n")!.Value));

        if (window.Function is { } function)
        {
            var aggregate = calls.Single(c => c.GetProperty("callee").GetProperty("name").GetString() == "aggregateWindow");
            Assert.Equal(function.ToString().ToLowerInvariant(), FluxAst.Argument(aggregate, "fn")!.Value.GetProperty("name").GetString());
            FluxExpectations.AssertDuration(window.Every, FluxAst.Argument(aggregate, "every")!.Value);
            var group = calls.Single(c => c.GetProperty("callee").GetProperty("name").GetString() == "group");
            // The tags asked for, plus _measurement (kept so a run-time measurement name survives the aggregate) and _field.
            Assert.Equal(window.GroupTags + 2, FluxAst.Argument(group, "columns")!.Value.GetProperty("elements").GetArrayLength());
        }
    }
}
