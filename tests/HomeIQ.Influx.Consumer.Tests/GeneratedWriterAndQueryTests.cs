using System.Text;
using HomeIQ.Influx.Consumer.Tests.Models;
using HomeIQ.Influx.Querying;
using Xunit;

namespace HomeIQ.Influx.Consumer.Tests;

/// <summary>
/// The typed writer and the query side the generator emits, as a consumer compiles and uses them: the writer is an
/// <see cref="IMeasurementWriter{T}"/>, the typed query builds the same text as the string-key query, and the mapper
/// reads every supported member type back.
/// </summary>
public sealed class GeneratedWriterAndQueryTests : IDisposable
{
    // Nothing is sent: the tests only build writers and query text, and parse responses given as text.
    private readonly InfluxClient _client = new(new InfluxClientOptions { Url = new Uri("http://127.0.0.1:9"), Database = "home", Api = InfluxApiVersion.V1 });

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task GeneratedWriterIsASealedMeasurementWriterAndAnIMeasurementWriter()
    {
        await using IMeasurementWriter<Reading> writer = new ReadingWriter(_client, new WriteOptions { BatchSize = 10 });
        Assert.IsAssignableFrom<MeasurementWriter<Reading>>(writer);
        Assert.True(typeof(ReadingWriter).IsSealed);
        Assert.True(typeof(ReadingWriter).IsPublic);
        Assert.Equal(typeof(Reading).Namespace, typeof(ReadingWriter).Namespace);
        Assert.Equal("reading", ((MeasurementWriter<Reading>)writer).Name);
    }

    [Fact]
    public void WriterHasTheTypesAccessibilityAndPlace()
    {
        Assert.False(typeof(EscapedWriter).IsPublic);                              // internal type -> internal writer
        Assert.Equal(typeof(Outer.Middle), typeof(Outer.Middle.InnerWriter).DeclaringType); // nested beside the type
        Assert.True(typeof(Outer.Middle.InnerWriter).IsNestedAssembly);
        Assert.True(typeof(GlobalPointWriter).IsPublic);
        Assert.True(typeof(IMeasurementWriter<DateTimeStamp>).IsAssignableFrom(typeof(DateTimeStampWriter)));
        // Generic measurement types get no writer (and no query class), only the mapper.
        Assert.Null(typeof(Reading).Assembly.GetType("HomeIQ.Influx.Consumer.Tests.Models.GenericPointWriter"));
        Assert.Null(typeof(Reading).Assembly.GetType("HomeIQ.Influx.Consumer.Tests.Models.GenericPointQuery"));
        Assert.Equal("generic", MeasurementSchemaOf<GenericPoint<int>>().MeasurementName);
    }

    [Fact]
    public void TypedQueryBuildsTheExpectedInfluxQL()
    {
        Assert.Equal(
            "SELECT \"temperature\"::field,\"humidity\"::field,\"count\"::field,\"total\"::field,\"battery\"::field,\"online\"::field,\"label\"::field,\"price\"::field," +
            "\"room\"::tag,\"device\"::tag,\"mode\"::tag,\"floor\"::tag FROM \"reading\"",
            _client.QueryReading().ToInfluxQL());

        var typed = _client.QueryReading()
            .WhereRoom("kitchen' OR 1=1 --")
            .WhereModeIn(Mode.Heat, Mode.Cool)
            .WhereDeviceMatches("^dev-[0-9]+$")
            .WhereTemperatureGreaterThan(20.5)
            .WhereCountLessThanOrEqual(10)
            .WhereTotalNotEquals(3UL)
            .Select(ReadingQuery.Fields.Temperature, ReadingQuery.Fields.Label)
            .OrderByTimeDescending()
            .Limit(5);
        var byKey = _client.Query<Reading>()
            .WhereTag("room", "kitchen' OR 1=1 --")
            .WhereTagIn("mode", "Heat", "Cool")
            .WhereTagMatches("device", "^dev-[0-9]+$")
            .WhereField("temperature", FieldComparison.GreaterThan, 20.5)
            .WhereField("count", FieldComparison.LessThanOrEqual, 10L)
            .WhereField("total", FieldComparison.NotEqual, 3UL)
            .SelectFields("temperature", "label")
            .OrderByTimeDescending()
            .Limit(5);
        Assert.Equal(byKey.ToInfluxQL(), typed.ToInfluxQL());
        Assert.Equal(byKey.ToFlux(), typed.ToFlux());
        Assert.Contains("\"room\" = 'kitchen\\' OR 1=1 --'", typed.ToInfluxQL());

        var window = _client.QueryReading().Window(TimeSpan.FromMinutes(5), AggregateFunction.Mean, ReadingQuery.Tags.Room, ReadingQuery.Tags.Floor);
        Assert.Equal(_client.Query<Reading>().Window(TimeSpan.FromMinutes(5), AggregateFunction.Mean, ["room", "floor"]).ToInfluxQL(), window.ToInfluxQL());
        Assert.Contains("GROUP BY time(5m),\"room\",\"floor\"", window.ToInfluxQL());
    }

    [Fact]
    public void NestedAndInternalTypesGetAQueryClassAndAnEntryPoint()
    {
        Assert.Equal("SELECT \"Count\"::field,\"Host\"::tag FROM \"nested\"", _client.QueryInner().ToInfluxQL());
        Assert.Equal(typeof(Outer.Middle), typeof(Outer.Middle.InnerQuery).DeclaringType);
        Assert.False(typeof(OuterMiddleInnerQueryExtensions).IsPublic);
        Assert.Contains("FROM \"room climate,v2\"", _client.QueryEscaped().WhereZone("a").ToInfluxQL());
        Assert.Contains("FROM \"global_point\"", _client.QueryGlobalPoint().ToInfluxQL());
    }

    [Fact]
    public void ClashingMethodNamesAreRenamedNotMerged()
    {
        var q = _client.QueryQueryNames()
            .WhereTagTag("a")                 // member Tag: WhereTag is the base method
            .WhereTag("room", "b")            // ... which still means what it says
            .WhereRoomMatches("^c")           // member Room keeps its names
            .WhereRoomMatchesTag("d")         // member RoomMatches: WhereRoomMatches was Room's
            .WhereTempEquals(1.5)             // field Temp keeps its names
            .WhereTempEqualsTag("e");         // tag TempEquals: WhereTempEquals was Temp's
        var byKey = _client.Query<QueryNames>()
            .WhereTag("tag", "a").WhereTag("room", "b").WhereTagMatches("room", "^c").WhereTag("room_matches", "d")
            .WhereField("temp", FieldComparison.Equal, 1.5).WhereTag("temp_equals", "e");
        Assert.Equal(byKey.ToInfluxQL(), q.ToInfluxQL());
    }

    [Fact]
    public async Task MapperReadsEveryTagTypeFromText()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var row = await ReadSingle<TagTypes>(
            ["time", "a_string", "b_enum", "c_bool", "d_char", "e_sbyte", "f_short", "g_int", "h_long", "i_byte", "j_ushort", "k_uint", "l_ulong", "m_guid", "value"],
            $"[1, \"x y\", \"Cool\", \"true\", \"q\", \"-128\", \"-32768\", \"-2147483648\", \"-9223372036854775808\", \"255\", \"65535\", \"4294967295\", \"18446744073709551615\", \"{guid}\", 1.5]");
        Assert.Equal(("x y", Mode.Cool, true, 'q'), (row.Text, row.Mode, row.Flag, row.Letter));
        Assert.Equal((sbyte.MinValue, short.MinValue, int.MinValue, long.MinValue), (row.I8, row.I16, row.I32, row.I64));
        Assert.Equal((byte.MaxValue, ushort.MaxValue, uint.MaxValue, ulong.MaxValue), (row.U8, row.U16, row.U32, row.U64));
        Assert.Equal((guid, 1.5), (row.Id, row.Value));
    }

    [Fact]
    public async Task MapperReadsNullableTagsIntoFieldsOfAStructAndLeavesMissingOnesNull()
    {
        var row = await ReadSingle<NullableTagTypes>(["time", "b_enum", "g_int", "l_ulong", "value"], "[1, \"Heat\", \"42\", null, 2]");
        Assert.Equal(Mode.Heat, row.Mode);
        Assert.Equal(42, row.I32);
        Assert.Null(row.U64);   // null value
        Assert.Null(row.Flag);  // missing column
        Assert.Equal(2.0, row.Value);
    }

    [Fact]
    public async Task MapperReadsInitOnlyMembersOfARecordThroughAnObjectInitializer()
    {
        var row = await ReadSingle<FieldTypes>(
            ["time", "a_double", "b_float", "c_decimal", "d_sbyte", "e_short", "f_int", "g_long", "h_byte", "i_ushort", "j_uint", "k_ulong", "l_bool", "m_string", "n_char", "o_enum"],
            "[1, 1.25, 2.5, 3.125, -8, -16, -32, -64, 8, 16, 32, 64, true, \"text\", \"c\", \"Heat\"]");
        Assert.Equal(new FieldTypes
        {
            F64 = 1.25, F32 = 2.5f, Dec = 3.125m, I8 = -8, I16 = -16, I32 = -32, I64 = -64, U8 = 8, U16 = 16, U32 = 32, U64 = 64,
            Flag = true, Text = "text", Letter = 'c', Mode = Mode.Heat,
        }, row);
    }

    [Fact]
    public async Task MapperReadsNullableFieldsAndPositionalRecords()
    {
        var row = await ReadSingle<NullableFieldTypes>(["time", "a_double", "g_long", "o_enum", "m_string"], "[1, 0.5, 7, \"Off\", null]");
        Assert.Equal((0.5, 7L, Mode.Off), (row.F64, row.I64, row.Mode));
        Assert.Null(row.Text);
        Assert.Null(row.F32);

        var positional = await ReadSingle<Positional>(["time", "room", "temp"], "[1700000000000000000, \"hall\", 19.5]");
        Assert.Equal(new Positional("hall", 19.5, DateTime.UnixEpoch.AddTicks(1700000000000000000 / 100)), positional);
        Assert.Equal(DateTimeKind.Utc, positional.Time.Kind);
    }

    [Fact]
    public async Task MapperReadsEveryTimestampType()
    {
        const long ns = 1_700_000_000_123_456_700;
        var expected = DateTimeOffset.UnixEpoch.AddTicks(ns / 100);
        Assert.Equal(ns, (await ReadSingle<LongStamp>(["time", "Value"], $"[{ns}, 1]")).Time);
        Assert.Equal(expected, (await ReadSingle<DateTimeOffsetStamp>(["time", "Value"], $"[{ns}, 1]")).Time);
        Assert.Equal(expected.UtcDateTime, (await ReadSingle<DateTimeStamp>(["time", "Value"], $"[{ns}, 1]")).Time);
        Assert.Null((await ReadSingle<NullableStamp>(["Value"], "[1]")).Time);
    }

    [Fact]
    public async Task FlagCombinationsAndUndeclaredEnumValuesReadBackAsTheyWereWritten()
    {
        var point = new Escaped { Features = Features.Wifi | Features.Zigbee, FieldFeatures = (Features)8, Last = 1 };
        string line = LineProtocol.ToLine(point);
        Assert.Contains("Upper=Wifi\\,\\ Zigbee", line);
        Assert.Contains("feature\\ set=\"8\"", line);

        var row = await ReadSingle<Escaped>(["time", "Upper", "feature set", "z last"], "[1, \"Wifi, Zigbee\", \"8\", 1]");
        Assert.Equal((Features.Wifi | Features.Zigbee, (Features)8), (row.Features, row.FieldFeatures));
    }

    [Fact]
    public async Task AValueThatDoesNotFitNamesTheColumnTheMemberAndTheValue()
    {
        var e = await Assert.ThrowsAsync<InfluxRowMappingException>(() => ReadSingle<TagTypes>(["time", "b_enum", "value"], "[1, \"Purple\", 1]"));
        Assert.Equal("Cannot read column 'b_enum' into member 'TagTypes.Mode' as Mode: the value is 'Purple'.", e.Message);

        e = await Assert.ThrowsAsync<InfluxRowMappingException>(() => ReadSingle<TagTypes>(["time", "i_byte", "value"], "[1, \"256\", 1]"));
        Assert.Equal(("i_byte", "TagTypes.U8", "Byte", "256"), (e.Column, e.Member, e.TargetType, e.Value));

        e = await Assert.ThrowsAsync<InfluxRowMappingException>(() => ReadSingle<FieldTypes>(["time", "e_short"], "[1, 40000]"));
        Assert.Equal(("e_short", "FieldTypes.I16", "Int16", "40000"), (e.Column, e.Member, e.TargetType, e.Value));

        e = await Assert.ThrowsAsync<InfluxRowMappingException>(() => ReadSingle<FieldTypes>(["time", "n_char"], "[1, \"ab\"]"));
        Assert.Equal(("n_char", "FieldTypes.Letter", "Char"), (e.Column, e.Member, e.TargetType));
    }

    [Fact]
    public async Task ReadonlyMembersAreReadBackThroughTheSinglePublicConstructor()
    {
        // ReadonlyPoint(int @class, double secret): parameters match members by name, ignoring case (as System.Text.Json).
        var row = await ReadSingle<ReadonlyPoint>(["time", "class", "Secret"], "[1, \"3\", 2.5]");
        Assert.Equal(new ReadonlyPoint(3, 2.5), row);
        Assert.Equal("readonly_point,class=3 Secret=2.5", LineProtocol.ToLine(new ReadonlyPoint(3, 2.5)).TrimEnd('\n'));
    }

    private static MeasurementSchema MeasurementSchemaOf<T>() where T : IQueryableMeasurement<T> => T.QuerySchema;

    private static async Task<T> ReadSingle<T>(string[] columns, string values) where T : IQueryableMeasurement<T>
    {
        string json = "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"columns\":[" +
            string.Join(",", columns.Select(c => "\"" + c + "\"")) + "],\"values\":[" + values + "]}]}]}";
        await using var reader = QueryResultReader.CreateInfluxQL(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var rows = new List<T>();
        await foreach (var row in reader.ReadAllAsync<T>()) rows.Add(row);
        return Assert.Single(rows);
    }
}
