using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Hosting;

/// <summary>Builds failed results shared by both checks.</summary>
internal static class InfluxHealthFailure
{
    public static HealthCheckResult From(HealthCheckContext context, Exception ex, InfluxClientOptions options, Dictionary<string, object> data, bool isPing)
    {
        string description;
        if (ex is HttpRequestException { StatusCode: { } status })
        {
            data["statusCode"] = (int)status;
            description = InfluxStatusExplanation.Explain(status, options, isPing);
        }
        else if (ex is HttpRequestException http)
        {
            var reason = http.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : http.HttpRequestError.ToString();
            description = $"InfluxDB at {options.Url} could not be reached ({reason}): is the server running and is Url (INFLUXDB_URL) right?";
        }
        else
        {
            description = $"InfluxDB at {options.Url} did not answer within {options.Timeout.TotalSeconds:0.###} s (Timeout / INFLUXDB_TIMEOUT).";
        }
        return new HealthCheckResult(context.Registration.FailureStatus, InfluxRedaction.Scrub(description, options), ex, data);
    }
}
