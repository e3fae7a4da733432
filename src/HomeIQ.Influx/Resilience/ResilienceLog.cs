using HomeIQ.Influx.Telemetry;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Resilience;

/// <summary>Log messages of the resilience pipeline (ids in <see cref="LogEvents"/>). None takes a credential, header or URL.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = LogEvents.Retrying, Level = LogLevel.Warning,
        Message = "{Operation} request failed ({Reason}); retry {Attempt} in {DelayMs} ms.")]
    public static partial void Retrying(ILogger logger, string operation, string reason, int attempt, double delayMs);

    [LoggerMessage(EventId = LogEvents.CircuitOpened, Level = LogLevel.Warning, Message = "Circuit opened for {BreakMs} ms after repeated {Operation} failures ({Reason}).")]
    public static partial void CircuitOpened(ILogger logger, string operation, double breakMs, string reason);

    [LoggerMessage(EventId = LogEvents.CircuitHalfOpened, Level = LogLevel.Information, Message = "Circuit half-open: probing the server with one {Operation} request.")]
    public static partial void CircuitHalfOpened(ILogger logger, string operation);

    [LoggerMessage(EventId = LogEvents.CircuitClosed, Level = LogLevel.Information, Message = "Circuit closed: {Operation} requests succeed again.")]
    public static partial void CircuitClosed(ILogger logger, string operation);
}
