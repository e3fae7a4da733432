using System.Net;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>The <c>params</c> JSON, the checks on names and values, and where the parameters go on the wire.</summary>
public class InfluxQLParametersTests
{
    [Fact]
    public void WritesEachTypeAsItsJsonValue()
    {
        var parameters = new InfluxQLParameters
        {
            { "room", "o'brien \"pantry\" \\ é\n" },
            { "count", 42L },
            { "small", 3 },
            { "min", 20.5 },
            { "ok", true },
            { "from", new DateTimeOffset(2024, 3, 1, 1, 2, 3, TimeSpan.FromHours(1)).AddTicks(1234567) },
            { "utc", new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Unspecified) },
        };

        using var json = JsonDocument.Parse(parameters.ToJson());
        var root = json.RootElement;
        Assert.Equal("o'brien \"pantry\" \\ é\n", root.GetProperty("room").GetString());
        Assert.Equal(42, root.GetProperty("count").GetInt64());
        Assert.Equal(3, root.GetProperty("small").GetInt64());
        Assert.Equal(20.5, root.GetProperty("min").GetDouble());
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal("2024-03-01T00:02:03.1234567Z", root.GetProperty("from").GetString());
        Assert.Equal("2024-03-01T00:00:00Z", root.GetProperty("utc").GetString());
        Assert.Equal(7, parameters.Count);
    }

    [Fact]
    public void ALocalDateTimeIsConvertedToUtc()
    {
        var local = new DateTime(2024, 7, 1, 12, 0, 0, DateTimeKind.Local);
        using var json = JsonDocument.Parse(new InfluxQLParameters { { "t", local } }.ToJson());
        Assert.Equal(new DateTimeOffset(local).UtcDateTime, DateTime.Parse(json.RootElement.GetProperty("t").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("room name")]
    [InlineData("$room")]
    [InlineData("room'")]
    [InlineData("räum")]
    public void ANameTheScannerCannotReadIsRefusedAndNamed(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new InfluxQLParameters { { name, "x" } });
        Assert.Contains($"'{name}'", e.Message);
        Assert.Equal("name", e.ParamName);
    }

    [Fact]
    public void ANameSetTwiceIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new InfluxQLParameters { { "room", "a" }, { "room", "b" } });
        Assert.Contains("'room' is already set", e.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ANumberJsonCannotHoldIsRefused(double value)
    {
        var e = Assert.Throws<ArgumentException>(() => new InfluxQLParameters { { "min", value } });
        Assert.Contains("'min'", e.Message);
    }

    [Fact]
    public void ToStringNamesTheParametersButNeverTheirValues()
    {
        var text = new InfluxQLParameters { { "user", "alice@example.com" }, { "pin", 1234L } }.ToString();
        Assert.Contains("$user", text);
        Assert.Contains("$pin", text);
        Assert.DoesNotContain("alice", text);
        Assert.DoesNotContain("1234", text);
    }

    [Fact]
    public void CanBeChained()
    {
        var parameters = new InfluxQLParameters().Add("a", 1L).Add("b", "x");
        Assert.Equal(["a", "b"], parameters.Select(p => p.Key));
    }

    [Fact]
    public async Task ParametersTravelAsTheParamsFormFieldAndOnlyWhenThereAreSome()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        using var client = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://influx.test:8086"), Api = InfluxApiVersion.V1, Database = "home" }, http);

        await using (await client.QueryInfluxQLAsync("SELECT * FROM sensor WHERE room = $room", new InfluxQLParameters { { "room", "x' OR 1=1" } }))
        {
        }

        var form = Form(handler.Bodies[0]);
        Assert.Equal("SELECT * FROM sensor WHERE room = $room", form["q"]);
        Assert.Equal("x' OR 1=1", JsonDocument.Parse(form["params"]).RootElement.GetProperty("room").GetString());
        Assert.Equal("home", form["db"]);

        await using (await client.QueryInfluxQLAsync("SELECT * FROM sensor", new InfluxQLParameters()))
        {
        }

        await using (await client.QueryInfluxQLAsync("SELECT * FROM sensor"))
        {
        }

        Assert.False(Form(handler.Bodies[1]).ContainsKey("params"));
        Assert.False(Form(handler.Bodies[2]).ContainsKey("params"));
    }

    [Fact]
    public async Task NullParametersAreRefused()
    {
        using var client = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://influx.test:8086"), Api = InfluxApiVersion.V1, Database = "home" });
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.QueryInfluxQLAsync("SELECT 1", (InfluxQLParameters)null!));
    }

    private static Dictionary<string, string> Form(string body)
        => body.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => WebUtility.UrlDecode(p[1]));

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"results":[{"statement_id":0}]}""", Encoding.UTF8, "application/json") };
        }
    }
}
