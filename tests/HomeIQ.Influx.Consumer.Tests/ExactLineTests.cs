using HomeIQ.Influx.Consumer.Tests.Models;
using Xunit;

namespace HomeIQ.Influx.Consumer.Tests;

/// <summary>Every supported member type, written through the generated serializer, gives the exact expected line.</summary>
public class ExactLineTests
{
    private static readonly Guid SomeGuid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void EveryTagTypeIsWrittenInInvariantFormAndKeyOrder()
    {
        var point = new TagTypes
        {
            Text = "living room", Mode = Mode.Heat, Flag = true, Letter = 'x', I8 = -8, I16 = -16, I32 = -32, I64 = long.MinValue,
            U8 = 8, U16 = 16, U32 = 32, U64 = ulong.MaxValue, Id = SomeGuid, Value = 1.5,
        };

        Assert.Equal(
            "tags,a_string=living\\ room,b_enum=Heat,c_bool=true,d_char=x,e_sbyte=-8,f_short=-16,g_int=-32,h_long=-9223372036854775808," +
            "i_byte=8,j_ushort=16,k_uint=32,l_ulong=18446744073709551615,m_guid=0f8fad5b-d9cb-469f-a165-70867728950e value=1.5",
            LineProtocol.ToLine(point));
    }

    [Fact]
    public void NullAndEmptyStringTagsAreOmitted()
    {
        Assert.StartsWith("tags,b_enum=Off,", LineProtocol.ToLine(new TagTypes { Text = null, Letter = 'c', Value = 1 }));
        Assert.StartsWith("tags,b_enum=Off,", LineProtocol.ToLine(new TagTypes { Text = "", Letter = 'c', Value = 1 }));
    }

    [Fact]
    public void NullableTagsAreWrittenWhenSetAndOmittedWhenNull()
    {
        Assert.Equal("ntags value=2", LineProtocol.ToLine(new NullableTagTypes { Value = 2 }));

        var point = new NullableTagTypes
        {
            Mode = Mode.Cool, Flag = false, Letter = 'q', I8 = 1, I16 = 2, I32 = 3, I64 = 4, U8 = 5, U16 = 6, U32 = 7, U64 = 8, Id = SomeGuid, Value = 2,
        };
        Assert.Equal(
            "ntags,b_enum=Cool,c_bool=false,d_char=q,e_sbyte=1,f_short=2,g_int=3,h_long=4,i_byte=5,j_ushort=6,k_uint=7,l_ulong=8," +
            "m_guid=0f8fad5b-d9cb-469f-a165-70867728950e value=2",
            LineProtocol.ToLine(point));
    }

    // byte, ushort and uint fields are written as integers (i): every value fits, and InfluxDB 1.x refuses u fields.
    // Only ulong stays unsigned (u), which HIQ111 points out.
    [Fact]
    public void EveryFieldTypeHasItsLineProtocolType()
    {
        var point = new FieldTypes
        {
            F64 = 0.1, F32 = 0.1f, Dec = 12.50m, I8 = -1, I16 = -2, I32 = -3, I64 = -4, U8 = 1, U16 = 2, U32 = 3, U64 = 4,
            Flag = true, Text = "say \"hi\" \\ bye", Letter = '"', Mode = Mode.Cool,
        };

        Assert.Equal(
            "fields a_double=0.1,b_float=0.1,c_decimal=12.50,d_sbyte=-1i,e_short=-2i,f_int=-3i,g_long=-4i,h_byte=1i,i_ushort=2i,j_uint=3i," +
            "k_ulong=4u,l_bool=true,m_string=\"say \\\"hi\\\" \\\\ bye\",n_char=\"\\\"\",o_enum=\"Cool\"",
            LineProtocol.ToLine(point));
    }

    [Fact]
    public void NullableFieldsAreOmittedWhenNullAndWrittenWhenSet()
    {
        Assert.Equal("nfields b_float=2.5", LineProtocol.ToLine(new NullableFieldTypes { F32 = 2.5f }));

        var point = new NullableFieldTypes
        {
            F64 = -1e300, F32 = 3f, Dec = -0.5m, I8 = sbyte.MinValue, I16 = short.MaxValue, I32 = int.MinValue, I64 = long.MaxValue,
            U8 = byte.MaxValue, U16 = ushort.MaxValue, U32 = uint.MaxValue, U64 = 0, Flag = false, Text = "", Letter = 'é', Mode = Mode.Off,
        };
        Assert.Equal(
            "nfields a_double=-1E+300,b_float=3,c_decimal=-0.5,d_sbyte=-128i,e_short=32767i,f_int=-2147483648i,g_long=9223372036854775807i," +
            "h_byte=255i,i_ushort=65535i,j_uint=4294967295i,k_ulong=0u,l_bool=false,m_string=\"\",n_char=\"é\",o_enum=\"Off\"",
            LineProtocol.ToLine(point));
    }

    [Fact]
    public void APointWhoseFieldsAreAllNullIsRejected()
    {
        var ex = Assert.Throws<LineProtocolException>(() => LineProtocol.ToLine(new NullableFieldTypes()));
        Assert.Equal("HomeIQ.Influx.Consumer.Tests.Models.NullableFieldTypes", ex.TypeName);
    }

    [Fact]
    public void TimestampsOfEveryTypeAreWrittenInThePrecision()
    {
        var time = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc).AddTicks(1234567);
        const string ns = "1795780800123456700";

        Assert.Equal("DateTimeStamp Value=1i " + ns, LineProtocol.ToLine(new DateTimeStamp { Value = 1, Time = time }));
        Assert.Equal("DateTimeStamp Value=1i 1795780800123",
            LineProtocol.ToLine(new DateTimeStamp { Value = 1, Time = time }, WritePrecision.Milliseconds));
        // Unspecified is taken as UTC.
        Assert.Equal("DateTimeStamp Value=1i " + ns,
            LineProtocol.ToLine(new DateTimeStamp { Value = 1, Time = DateTime.SpecifyKind(time, DateTimeKind.Unspecified) }));
        Assert.Equal("DateTimeOffsetStamp Value=1i " + ns,
            LineProtocol.ToLine(new DateTimeOffsetStamp { Value = 1, Time = new DateTimeOffset(time).ToOffset(TimeSpan.FromHours(5)) }));
        Assert.Equal("LongStamp Value=1i 1795780800", LineProtocol.ToLine(new LongStamp { Value = 1, Time = 1795780800 }, WritePrecision.Seconds));
        Assert.Equal("NullableStamp Value=1i", LineProtocol.ToLine(new NullableStamp { Value = 1 }));
        Assert.Equal("NullableStamp Value=1i 1795780800123456",
            LineProtocol.ToLine(new NullableStamp { Value = 1, Time = new DateTimeOffset(time) }, WritePrecision.Microseconds));
    }

    [Fact]
    public void LocalDateTimesAreConvertedToUtc()
    {
        var utc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        // HIQ005 warns users off local timestamps; this test hands one in on purpose to prove it is converted.
#pragma warning disable HIQ005
        Assert.Equal(LineProtocol.ToLine(new DateTimeStamp { Value = 1, Time = utc }),
            LineProtocol.ToLine(new DateTimeStamp { Value = 1, Time = utc.ToLocalTime() }));
#pragma warning restore HIQ005
    }

    [Fact]
    public void PositionalRecordStructMembersAreMapped()
    {
        var point = new Positional("kitchen", 21.5, new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc));
        Assert.Equal("positional,room=kitchen temp=21.5 1000000000", LineProtocol.ToLine(point));
    }

    [Fact]
    public void NamesAreEscapedAndKeysSortedByOrdinal()
    {
        var point = new Escaped { Last = 9, First = "x", Zone = "a b", Features = Features.Wifi, FieldFeatures = Features.Wifi | Features.Zigbee };

        // Tags: "Upper" < "zone,id" (upper case sorts first); fields: "a=first" < "feature set" < "z last".
        Assert.Equal("room\\ climate\\,v2,Upper=Wifi,zone\\,id=a\\ b a\\=first=\"x\",feature\\ set=\"Wifi, Zigbee\",z\\ last=9i",
            LineProtocol.ToLine(point));
    }

    [Fact]
    public void UnnamedEnumValuesFallBackToTheirText()
    {
        var point = new Escaped { Last = 1, Features = Features.Wifi | Features.Zigbee, FieldFeatures = (Features)8 };
        Assert.Equal("room\\ climate\\,v2,Upper=Wifi\\,\\ Zigbee feature\\ set=\"8\",z\\ last=1i", LineProtocol.ToLine(point));
    }

    [Fact]
    public void NestedAndGlobalNamespaceTypesWork()
    {
        Assert.Equal("nested,Host=h1 Count=3i", LineProtocol.ToLine(new Outer.Middle.Inner { Host = "h1", Count = 3 }));
        Assert.Equal("global_point value=4i", LineProtocol.ToLine(new GlobalPoint { Value = 4 }));
    }

    [Fact]
    public void MeasurementNameIsExposedThroughTheInterface()
    {
        Assert.Equal("room climate,v2", Name<Escaped>());
        Assert.Equal("DateTimeStamp", Name<DateTimeStamp>());

        static string Name<T>() where T : ILineProtocolPoint<T> => T.MeasurementName;
    }

    [Fact]
    public void ErrorsNameTheTypeAndTheMember()
    {
        var ex = Assert.Throws<LineProtocolException>(() => LineProtocol.ToLine(new Failing { Host = "h", Ratio = double.NaN }));
        Assert.Equal("HomeIQ.Influx.Consumer.Tests.Models.Failing", ex.TypeName);
        Assert.Equal("Ratio", ex.MemberName);
        Assert.Equal("ratio", ex.Key);
        Assert.Contains("Failing.Ratio", ex.Message);

        var bad = Assert.Throws<LineProtocolException>(() => LineProtocol.ToLine(new Failing { Host = "a\nb", Ratio = 1 }));
        Assert.Equal("Host", bad.MemberName);
    }

    [Fact]
    public void ANullClassInstanceIsRefused()
    {
        Failing point = null!;
        Assert.Throws<ArgumentNullException>(() => LineProtocol.ToLine(point));
    }

    [Fact]
    public void WriteAppendsLinesToABuffer()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        LineProtocol.Write(output, new GlobalPoint { Value = 1 });
        LineProtocol.Write(output, new GlobalPoint { Value = 2 });
        Assert.Equal("global_point value=1i\nglobal_point value=2i\n", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }
}

public class MoreShapeTests
{
    [Fact]
    public void ReadonlyStructWithKeywordMemberAndPrivateGetter()
    {
        Assert.Equal("readonly_point,class=7 Secret=0.5", LineProtocol.ToLine(new ReadonlyPoint(7, 0.5)));
    }

    [Fact]
    public void GenericType()
    {
        Assert.Equal("generic value=1", LineProtocol.ToLine(new GenericPoint<string> { Payload = "x", Value = 1 }));
    }
}
