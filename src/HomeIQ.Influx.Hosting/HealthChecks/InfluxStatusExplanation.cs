using System.Net;

namespace HomeIQ.Influx.Hosting;

/// <summary>Turns an InfluxDB answer into a sentence that says what to fix, naming the setting (never its secret value).</summary>
internal static class InfluxStatusExplanation
{
    public static string Explain(HttpStatusCode status, InfluxClientOptions options, bool isPing)
    {
        int code = (int)status;
        return code switch
        {
            401 => $"InfluxDB answered 401 Unauthorized: check the token (Token / INFLUXDB_TOKEN){(options.Api == InfluxApiVersion.V1 ? " or Username and Password" : "")}; it is missing, wrong or expired.",
            403 => $"InfluxDB answered 403 Forbidden: the credentials are valid but may not read {Target(options)}; check the token's permissions.",
            404 when isPing => $"InfluxDB answered 404 Not Found for /ping: check Url ({options.Url}); it does not point at an InfluxDB server.",
            404 => $"InfluxDB answered 404 Not Found: {Missing(options)}",
            429 => "InfluxDB answered 429 Too Many Requests: the server is rate limiting this client.",
            >= 500 => $"InfluxDB answered {code} {status}: the server is in trouble; see its log.",
            _ => $"InfluxDB answered {code} {status}.",
        };
    }

    /// <summary>The "database or bucket missing" sentence, also used when a v1 server answers 200 with "database not found".</summary>
    public static string Missing(InfluxClientOptions options) => options.Api == InfluxApiVersion.V2
        ? $"the bucket '{options.Target}' (Bucket / INFLUXDB_BUCKET) or the organization '{options.Org}' (Org / INFLUXDB_ORG) does not exist; create it or fix the name."
        : $"the database '{options.Target}' (Database / INFLUXDB_DATABASE) does not exist; create it or fix the name.";

    public static string Target(InfluxClientOptions options) => options.Api == InfluxApiVersion.V2
        ? $"the bucket '{options.Target}'"
        : $"the database '{options.Target}'";
}
