namespace HomeIQ.Influx.Client;

/// <summary>
/// The HTTP shape of an InfluxQL query on <c>/query</c>: a POST form for InfluxDB 1.x and 2.x, a GET with the
/// parameters in the URL for InfluxDB 3. InfluxDB 3's documentation describes its v1-compatible <c>/query</c> with
/// "the GET request method" and lists every parameter as "allowed in: query string", and InfluxDB 3.0 reads the
/// parameters from the URL only (influxdb3_server http/v1.rs); later 3.x releases also read a form body.
/// </summary>
internal static class InfluxQLRequest
{
    public static HttpRequestMessage Create(InfluxClient client, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (client.Options.Api == InfluxApiVersion.V3)
            return client.CreateRequest(HttpMethod.Get, "query?" + string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        var request = client.CreateRequest(HttpMethod.Post, "query");
        request.Content = new FormUrlEncodedContent(parameters);
        return request;
    }
}
