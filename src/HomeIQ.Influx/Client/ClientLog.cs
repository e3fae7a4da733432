using HomeIQ.Influx.Telemetry;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Client;

/// <summary>Log messages of the client (ids in <see cref="LogEvents"/>). None takes a credential, header or URL with secrets.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = LogEvents.DangerousCertificate, Level = LogLevel.Warning,
        Message = "DangerousAcceptAnyServerCertificate is on: TLS certificates of {Server} are not validated. Use it only for testing.")]
    public static partial void DangerousCertificate(ILogger logger, string server);
}
