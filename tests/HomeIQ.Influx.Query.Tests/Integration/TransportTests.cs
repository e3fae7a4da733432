using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>What goes over the wire: request shape, auth in headers only, timeouts, and Flux against a server without it.</summary>
public class TransportTests(SensorDataFixture data) : IClassFixture<SensorDataFixture>
{
    private sealed class RecordingHandler(HttpStatusCode status, string body, string mediaType) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }
        public string? RequestBody { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            RequestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        }
    }

    [Fact]
    public async Task InfluxQLIsAPostFormWithEpochNsChunkedAndTheTokenInAHeader()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"results":[{"statement_id":0,"series":[{"name":"sensor","columns":["time","temperature"],"values":[[1,2.5]]}]}]}""", "application/json");
        using var http = new HttpClient(handler);
        // v1 (and v2): a POST form. v3 sends the same parameters in the URL of a GET (HomeIQ.Influx.Engines.Tests).
        using var client = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://influx.test:8086"), Api = InfluxApiVersion.V1, Database = "home", Token = "s3cret-token" }, http);

        var rows = await Rows.ToListAsync(client.QuerySensorReading().WhereRoom("kitchen").ExecuteAsync());

        Assert.Equal(2.5, Assert.Single(rows).Temperature);
        var request = handler.Request!;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://influx.test:8086/query", request.RequestUri!.ToString());
        Assert.Equal("Token", request.Headers.Authorization!.Scheme);
        Assert.Equal("s3cret-token", request.Headers.Authorization.Parameter);
        var form = handler.RequestBody!.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => WebUtility.UrlDecode(p[1]));
        Assert.Equal("home", form["db"]);
        Assert.Equal("ns", form["epoch"]);
        Assert.Equal("true", form["chunked"]);
        Assert.EndsWith("WHERE \"room\" = 'kitchen'", form["q"]);
        Assert.DoesNotContain("s3cret", handler.RequestBody);
    }

    [Fact]
    public async Task FluxIsAPostOfJsonWithAnnotationsToTheOrgAndReadsCsv()
    {
        var csv = "#datatype,string,long,dateTime:RFC3339,double,string\r\n#group,false,false,false,false,true\r\n#default,_result,,,,\r\n,result,table,_time,temperature,room\r\n,,0,2024-01-01T00:00:00Z,19.5,hall\r\n\r\n";
        var handler = new RecordingHandler(HttpStatusCode.OK, csv, "text/csv");
        using var http = new HttpClient(handler);
        using var client = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://influx.test:8086"), Org = "my org", Bucket = "b", Token = "t" }, http);

        var rows = await Rows.ToListAsync(client.QuerySensorReading().WhereRoom("hall").ExecuteAsync());

        var row = Assert.Single(rows);
        Assert.Equal(19.5, row.Temperature);
        Assert.Equal("hall", row.Room);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), row.Time);
        Assert.Equal("http://influx.test:8086/api/v2/query?org=my%20org", handler.Request!.RequestUri!.AbsoluteUri);
        Assert.Equal("application/json", handler.Request.Content!.Headers.ContentType!.MediaType);
        Assert.Contains(handler.Request.Headers.Accept, a => a.MediaType == "application/csv");
        using var body = JsonDocument.Parse(handler.RequestBody!);
        Assert.Equal(client.QuerySensorReading().WhereRoom("hall").ToFlux(), body.RootElement.GetProperty("query").GetString());
        Assert.Equal("flux", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(["datatype", "group", "default"], body.RootElement.GetProperty("dialect").GetProperty("annotations").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AV2ErrorAnswerCarriesTheServerMessage()
    {
        var handler = new RecordingHandler(HttpStatusCode.BadRequest, """{"code":"invalid","message":"compilation failed: error at @1:1-1:5: undefined identifier fromm"}""", "application/json");
        using var http = new HttpClient(handler);
        using var client = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://influx.test:8086"), Org = "o", Bucket = "b" }, http);
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => client.QueryFluxAsync("fromm()"));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("compilation failed: error at @1:1-1:5: undefined identifier fromm", e.ServerMessage);
    }

    [Fact]
    public async Task FluxCannotRunOnInfluxdb16AndSaysSo()
    {
        // InfluxDB 1.6 has no /api/v2/query: the Flux text is only checked by the snapshot tests.
        var options = new InfluxClientOptions { Url = data.Server.Url, Api = InfluxApiVersion.V1, Database = data.Database };
        using var client = new InfluxClient(options);
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ToListAsync(client.QuerySensorReading().WithLanguage(QueryLanguage.Flux).ExecuteAsync()));
        Assert.Equal(404, e.StatusCode);
    }

    [Fact]
    public async Task AServerThatDoesNotAnswerTimesOutAfterTheConfiguredTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptTcpClientAsync(); // accepts, never answers
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        using var client = new InfluxClient(new InfluxClientOptions { Url = url, Api = InfluxApiVersion.V1, Database = "d", Timeout = TimeSpan.FromMilliseconds(300) });
        var e = await Assert.ThrowsAsync<TimeoutException>(() => client.QueryInfluxQLAsync("SELECT * FROM x"));
        Assert.Contains("InfluxClientOptions.Timeout", e.Message);
        (await accepted).Dispose();
    }

    [Fact]
    public async Task NegativeNumbersAndSmallDurationsAreValidInfluxql()
    {
        var query = data.Client.QuerySensorReading().WhereTemperatureGreaterThan(-5.5).WhereCountGreaterThan(-1)
            .Range(SensorDataFixture.T0, SensorDataFixture.T0.AddHours(1)).Window(TimeSpan.FromTicks(10_000), AggregateFunction.Count);
        var rows = await Rows.ToListAsync(query.ExecuteAsync());
        Assert.Equal(data.Points.Count, rows.Sum(r => r.Count)); // every point counted once in 1 ms windows
    }
}
