using System.Net;
using System.Net.Sockets;

namespace HomeIQ.Influx.Client;

/// <summary>Turns what a probe met into a sentence that says what to fix, naming the setting (never its secret value).</summary>
internal static class ProbeExplanation
{
    public static string ForStatus(HttpStatusCode status, InfluxClientOptions options, bool isPing)
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

    /// <summary>
    /// What a 401, 403 or 404 answer to a write means, naming the setting to fix: every later write would get the same
    /// answer, so the writer stops and says this. <paramref name="serverMessage"/> tells a missing database (InfluxDB says
    /// so) from an address that is no InfluxDB write endpoint.
    /// </summary>
    public static string ForWrite(HttpStatusCode status, string? serverMessage, InfluxClientOptions options)
    {
        bool token = !string.IsNullOrEmpty(options.Token), user = options.Username is not null;
        const string SetSome = "set Token (INFLUXDB_TOKEN), or Username and Password (INFLUXDB_USERNAME, INFLUXDB_PASSWORD)";
        return (int)status switch
        {
            401 when token => "InfluxDB answered 401 Unauthorized: check the token (Token / INFLUXDB_TOKEN); it is wrong, expired or revoked.",
            401 when user => $"InfluxDB answered 401 Unauthorized: check the user '{options.Username}' and its password (Username / INFLUXDB_USERNAME, Password / INFLUXDB_PASSWORD); the server does not accept them.",
            401 => $"InfluxDB answered 401 Unauthorized: the server requires credentials and none are set; {SetSome}.",
            403 when token => $"InfluxDB answered 403 Forbidden: the token (Token / INFLUXDB_TOKEN) may not write to {Target(options)}; give it write permission or use one that has it.",
            403 when user => $"InfluxDB answered 403 Forbidden: the user '{options.Username}' (Username / INFLUXDB_USERNAME) may not write to {Target(options)}; grant it WRITE on it or use another user.",
            403 => $"InfluxDB answered 403 Forbidden: writing to {Target(options)} needs credentials and none are set; {SetSome}.",
            404 when Mentions(serverMessage, "not found") && (Mentions(serverMessage, "database") || Mentions(serverMessage, "bucket") || Mentions(serverMessage, "organization"))
                => $"InfluxDB answered 404 Not Found: {Missing(options)}",
            404 => $"InfluxDB answered 404 Not Found for the write endpoint: check Url ({options.Url}, INFLUXDB_URL) and Api ({options.Api}); or {Missing(options)}",
            _ => ForStatus(status, options, isPing: false),
        };
    }

    private static bool Mentions(string? message, string word) => message?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false;

    /// <summary>Why no answer came: the server could not be reached, or did not answer within the timeout.</summary>
    public static string ForException(Exception exception, InfluxClientOptions options)
    {
        if (exception is HttpRequestException http)
        {
            var reason = http.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : http.HttpRequestError.ToString();
            return $"InfluxDB at {options.Url} could not be reached ({reason}): is the server running and is Url (INFLUXDB_URL) right?";
        }
        return $"InfluxDB at {options.Url} did not answer within {options.Timeout.TotalSeconds:0.###} s (Timeout / INFLUXDB_TIMEOUT).";
    }

    /// <summary>The "database or bucket missing" sentence, also used when a v1 server answers 200 with "database not found".</summary>
    public static string Missing(InfluxClientOptions options) => options.Api == InfluxApiVersion.V2
        ? $"the bucket '{options.Target}' (Bucket / INFLUXDB_BUCKET) or the organization '{options.Org}' (Org / INFLUXDB_ORG) does not exist; create it or fix the name."
        : $"the database '{options.Target}' (Database / INFLUXDB_DATABASE) does not exist; create it or fix the name.";

    public static string Target(InfluxClientOptions options) => options.Api == InfluxApiVersion.V2
        ? $"the bucket '{options.Target}'"
        : $"the database '{options.Target}'";
}
