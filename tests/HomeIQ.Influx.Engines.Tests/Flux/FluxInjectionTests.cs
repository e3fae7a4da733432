using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Engines.Tests.Models;
using HomeIQ.Influx.Engines.Tests.Support;
using HomeIQ.Influx.Querying;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>
/// Injection safety proved by InfluxData's parser: each hostile value is put where a query takes user text (a tag value,
/// one value of an <c>In</c> list, the bucket, a regex pattern, and the names a model gives: measurement, tag key,
/// field key), and the AST of the resulting text is compared node by node with the AST of the same query built with a
/// harmless placeholder. The only nodes that may differ are string (or regex) literals whose value is the placeholder
/// on one side and exactly the hostile value on the other: nothing else of the query changed, no call, filter or
/// pipe was added, removed or altered.
/// </summary>
public sealed class FluxInjectionTests(ITestOutputHelper output)
{
    private const string Placeholder = "placeholder-value";

    // A position: how to build the query text with a given value, and how many literals carry it.
    private sealed record Position(string Name, Func<string, string?> Build, bool Once, Func<string, string>? Expected = null);

    [Fact]
    public void HostileValuesStayOneLiteralInEveryPosition()
    {
        using var client = FluxExpectations.V2Client();
        var positions = new List<Position>
        {
            new("tag value", v => client.QueryThermostat().Last(TimeSpan.FromHours(1)).WhereRoom(v).ToFlux(), Once: true),
            new("tag In value", v => client.QueryThermostat().WhereRoomIn("kitchen", v, "hall").Limit(5).ToFlux(), Once: true),
            new("tag value with a window", v => client.QueryThermostat().WhereZone(v).Window(TimeSpan.FromMinutes(5), AggregateFunction.Mean, ThermostatQuery.Tags.Room).ToFlux(), Once: true),
            new("bucket", v => v.Length == 0 ? null : BucketQuery(v), Once: true),
            // A pattern made from the value with InfluxRegex.EscapeLiteral (how callers match text literally). The
            // regex literal's value then differs from the pattern only where RE2 reads both the same: an escaped
            // slash is a slash, and a newline is written as \n.
            new("regex pattern", v => client.QueryThermostat().WhereRoomMatches(InfluxRegex.EscapeLiteral(v)).ToFlux(), Once: true, Expected: v => RegexValue(InfluxRegex.EscapeLiteral(v))),
            // Names from a model's attributes appear in several places: filters, pivot/drop and group columns.
            new("measurement name", v => DynamicQuery(client, windowed: false, measurement: v), Once: true),
            new("tag key", v => DynamicQuery(client, windowed: true, tagKey: v), Once: false),
            new("field key", v => DynamicQuery(client, windowed: false, fieldKey: v), Once: false),
        };

        var values = HostileValues.All;
        int checkedTexts = 0;
        foreach (var position in positions)
        {
            var baselineText = position.Build(Placeholder)!;
            var baseline = LibFlux.Shared.Check(baselineText, withAst: true);
            Assert.True(baseline.Accepted, $"{position.Name}: the placeholder query is not accepted: {baseline}");

            var cases = values.Select(v => (Value: v, Text: position.Build(v))).Where(c => c.Text is not null).ToList();
            var results = LibFlux.Shared.CheckAll(cases.Select(c => c.Text!).ToArray(), withAst: true);
            for (int i = 0; i < cases.Count; i++)
            {
                var (value, text) = cases[i];
                var result = results[i];
                var expected = position.Expected?.Invoke(value) ?? value;
                Assert.True(result.Accepted, $"{position.Name}: the hostile value {LibFlux.Show(value)} broke the Flux text: {result}");
                AssertOnlyLiteralChanged(position, value, expected, baseline.Ast!.Value, result.Ast!.Value, text!);
            }
            checkedTexts += cases.Count;
        }
        output.WriteLine($"{values.Count} hostile values x {positions.Count} positions = {checkedTexts} Flux texts compared with their placeholder AST by libflux {LibFlux.Shared.Version}.");
    }

    private static void AssertOnlyLiteralChanged(Position position, string value, string expected, JsonElement baseline, JsonElement hostile, string text)
    {
        var differences = FluxAst.Differences(baseline, hostile);
        string Context() => $"{position.Name}, value {LibFlux.Show(value)}:\n{text}";
        if (expected == Placeholder) Assert.Empty(differences);
        else Assert.True(differences.Count > 0, $"The value is missing from the AST: {Context()}");
        foreach (var path in differences)
        {
            // Only the value of a string or regex literal may differ.
            Assert.True(path.EndsWith(".value", StringComparison.Ordinal), $"The AST changed at {path}, not only in a literal: {Context()}");
            var nodePath = path[..^".value".Length];
            var before = Resolve(baseline, nodePath);
            var after = Resolve(hostile, nodePath);
            Assert.Contains(after.GetProperty("type").GetString(), new[] { "StringLiteral", "RegexpLiteral" });
            Assert.Equal(before.GetProperty("type").GetString(), after.GetProperty("type").GetString());
            Assert.Equal(position.Expected is null ? Placeholder : position.Expected(Placeholder), before.GetProperty("value").GetString());
            Assert.True(after.GetProperty("value").GetString() == expected,
                $"The literal at {nodePath} reads {LibFlux.Show(after.GetProperty("value").GetString()!)}, expected {LibFlux.Show(expected)}: {Context()}");
        }
        if (position.Once)
        {
            Assert.True(differences.Count == 1, $"Expected exactly one changed literal, found {differences.Count}: {Context()}");
            // Exactly one more literal carries the value than in the placeholder query (which may hold it elsewhere, e.g. "room").
            int Count(JsonElement ast) => FluxAst.StringAndRegexValues(ast).Count(v => v == expected);
            Assert.Equal(Count(baseline) + 1, Count(hostile));
        }
    }

    private static JsonElement Resolve(JsonElement root, string path)
    {
        var node = root;
        int i = 1; // skip "$"
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                node = node.GetProperty(path[(i + 1)..end]);
                i = end;
            }
            else
            {
                int end = path.IndexOf(']', i);
                node = node[int.Parse(path.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture)];
                i = end + 1;
            }
        }
        return node;
    }

    private static string BucketQuery(string bucket)
    {
        using var client = FluxExpectations.V2Client(bucket);
        return client.QueryThermostat().Last(TimeSpan.FromMinutes(10)).ToFlux();
    }

    // A query over a schema whose names are chosen here. Raw: the field key is filtered on but not selected, so it is
    // read, compared and dropped; windowed: the tag key is filtered on and grouped by.
    private static string? DynamicQuery(InfluxClient client, bool windowed, string measurement = "dyn", string tagKey = "tag_key", string fieldKey = "field_key")
    {
        MeasurementSchema schema;
        try
        {
            schema = new MeasurementSchema("DynamicModel", measurement, [tagKey, "other_tag"], [new MeasurementField(fieldKey, FieldKind.Float), new MeasurementField("other_field", FieldKind.Integer)]);
        }
        catch (ArgumentException)
        {
            return null; // empty, or the same as one of the other names
        }
        DynamicModel.Use(schema);
        return windowed
            ? client.Query<DynamicModel>().WhereTagIn(tagKey, "a", "b").Window(TimeSpan.FromMinutes(1), AggregateFunction.Max, tagKey).ToFlux()
            : client.Query<DynamicModel>().WhereTag("other_tag", "v").WhereField(fieldKey, FieldComparison.GreaterThan, 1.5).SelectFields("other_field").ToFlux();
    }

    // What libflux reads from the regex literal the library writes for a pattern (see the comment above). The empty
    // pattern is written /(?:)/, which matches the same, because // starts a comment in Flux.
    private static string RegexValue(string pattern)
    {
        if (pattern.Length == 0) return "(?:)";
        var sb = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[++i];
                sb.Append(next switch { '/' => "/", '\n' => "\\n", '\r' => "\\r", _ => "\\" + next });
            }
            else sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", _ => c.ToString() });
        }
        return sb.ToString();
    }
}
