using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Flushes every <see cref="IMeasurementWriter{T}"/> registered with <c>AddMeasurementWriter</c> when the host stops.
/// It flushes in <see cref="StoppedAsync"/>, which runs after every hosted service's <c>StopAsync</c>, so points that
/// producers write while they stop are flushed too; the host's shutdown timeout cancels a flush that takes too long.
/// </summary>
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

    /// <summary>Flushes every created writer; one failing writer does not stop the others, and the failures are rethrown together.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        List<Exception>? failures = null;
        foreach (var writer in _writers)
        {
            try
            {
                await writer.FlushIfCreatedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Unflushed points are lost data: log it here and fail the stop loudly below.
                LogFlushFailed(_logger, writer.MeasurementType, ex);
                (failures ??= []).Add(ex);
            }
        }
        if (failures is not null)
            throw new AggregateException($"Flushing {failures.Count} InfluxDB measurement writer(s) failed when the host stopped; their unsent points may be lost.", failures);
    }

    [LoggerMessage(EventId = HostingLogEvents.FlushFailed, Level = LogLevel.Error, Message = "Flushing the InfluxDB writer of {MeasurementType} failed when the host stopped; its unsent points may be lost.")]
    private static partial void LogFlushFailed(ILogger logger, string measurementType, Exception exception);
}
