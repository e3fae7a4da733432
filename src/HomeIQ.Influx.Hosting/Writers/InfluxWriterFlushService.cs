using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Brings every <see cref="IMeasurementWriter{T}"/> registered with <c>AddMeasurementWriter</c> to rest when the host
/// stops, within the host's shutdown timeout in total, and says per writer how many points were not delivered. It works
/// in <see cref="StoppedAsync"/>, which runs after every hosted service's <c>StopAsync</c>, so points that producers
/// write while they stop are sent too.
/// </summary>
/// <remarks>
/// The host's token bounds everything (measured in issue 14: host timeout plus each writer's dispose timeout, 60 s,
/// then an unhandled <see cref="AggregateException"/> and SIGABRT). The writers are closed all at once, not one after
/// the other; a <see cref="MeasurementWriter{T}"/> that cannot finish when the token fires gives up on what is left
/// and reports it. Nothing is thrown out of the host's stop: a writer's failure is logged (at error level, with the
/// exact count and the first failure), and the process ends normally.
/// </remarks>
internal sealed partial class InfluxWriterFlushService : IHostedLifecycleService
{
    private readonly IEnumerable<IMeasurementWriterHandle> _writers;
    private readonly ILogger _logger;

    public InfluxWriterFlushService(IEnumerable<IMeasurementWriterHandle> writers, ILogger<InfluxWriterFlushService>? logger = null)
    {
        _writers = writers;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops every created writer at once within <paramref name="cancellationToken"/> (the host's shutdown timeout); never throws.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.WhenAll(_writers.Select(w => StopOneAsync(w, cancellationToken)));

    private async Task StopOneAsync(IMeasurementWriterHandle writer, CancellationToken cancellationToken)
    {
        try
        {
            var result = await writer.StopAsync(cancellationToken).ConfigureAwait(false);
            if (result is null) return;
            long notDelivered = result.Lost + result.StillBuffered;
            if (notDelivered > 0)
            {
                var first = result.Failures.Count > 0 ? result.Failures[0] : null;
                LogNotDelivered(_logger, writer.MeasurementType, notDelivered, result.Rejected, result.Dropped, result.GivenUp, result.StillBuffered,
                    first is null ? "(reported to the writer's failure handler)" : Describe(first));
            }
            if (result.Kept > 0) LogKeptOnDisk(_logger, writer.MeasurementType, result.Kept);
            if (notDelivered == 0 && result.Kept == 0) LogStopped(_logger, writer.MeasurementType, result.Written);
        }
        catch (Exception ex)
        {
            // A writer that is not ours threw; its count is in the exception when it is an InfluxWriteException.
            LogFlushFailed(_logger, writer.MeasurementType, (ex as InfluxWriteException)?.PointCount.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown number of", ex);
        }
    }

    private static string Describe(WriteFailedEventArgs failure) =>
        $"{failure.Reason}, status {(failure.StatusCode is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}: " +
        (failure.ServerMessage ?? failure.Exception?.Message ?? "no answer");

    [LoggerMessage(EventId = HostingLogEvents.FlushFailed, Level = LogLevel.Error,
        Message = "Flushing the InfluxDB writer of {MeasurementType} failed when the host stopped; {Points} points may not have been delivered.")]
    private static partial void LogFlushFailed(ILogger logger, string measurementType, string points, Exception exception);

    [LoggerMessage(EventId = HostingLogEvents.WriterStopped, Level = LogLevel.Information,
        Message = "The InfluxDB writer of {MeasurementType} delivered every point before the host stopped ({Written} since its last flush).")]
    private static partial void LogStopped(ILogger logger, string measurementType, long written);

    [LoggerMessage(EventId = HostingLogEvents.PointsNotDelivered, Level = LogLevel.Error,
        Message = "The InfluxDB writer of {MeasurementType} did not deliver {NotDelivered} points when the host stopped: {Rejected} refused by the server, {Dropped} dropped, {GivenUp} given up, {StillBuffered} still buffered. First failure: {FirstFailure}")]
    private static partial void LogNotDelivered(ILogger logger, string measurementType, long notDelivered, long rejected, long dropped, long givenUp, long stillBuffered, string firstFailure);

    [LoggerMessage(EventId = HostingLogEvents.PointsKeptOnDisk, Level = LogLevel.Warning,
        Message = "The InfluxDB writer of {MeasurementType} could not deliver {Kept} points before the host stopped; they are kept in its durable buffer and sent at the next start.")]
    private static partial void LogKeptOnDisk(ILogger logger, string measurementType, long kept);
}
