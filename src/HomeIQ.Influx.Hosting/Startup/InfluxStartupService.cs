using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Makes sure the configured database or bucket exists when the host starts, if <see cref="InfluxStartupOptions.EnsureDatabase"/>
/// says so. It runs in <see cref="StartingAsync"/>, before any hosted service starts (and so before a writer can send),
/// bounded by the client's query resilience (retries within at most 30 s by default) and the host's start token.
/// </summary>
internal sealed partial class InfluxStartupService : IHostedLifecycleService
{
    private readonly InfluxStartupOptions _options;
    private readonly Func<InfluxClient> _client;
    private readonly ILogger _logger;

    public InfluxStartupService(IOptions<InfluxStartupOptions> options, Func<InfluxClient> client, ILogger<InfluxStartupService>? logger = null)
    {
        _options = options.Value;
        _client = client;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!_options.EnsureDatabase) return;
        // Resolved only when needed: a host that does not ask for this never creates the client here.
        var client = _client();
        var retention = _options.DatabaseRetention is { } duration ? new InfluxRetention(duration) : null;
        InfluxSchemaResult result;
        try
        {
            result = await client.Schema.EnsureDatabaseAsync(retention: retention, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogEnsureFailed(_logger, client.Options.Target ?? "", ex);
            throw;
        }
        if (result.Outcome == InfluxSchemaOutcome.RetentionDiffers) LogRetentionDiffers(_logger, result.Description);
        else LogEnsured(_logger, result.Description);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = HostingLogEvents.DatabaseEnsured, Level = LogLevel.Information, Message = "InfluxDB at startup (EnsureDatabase): {Description}")]
    private static partial void LogEnsured(ILogger logger, string description);

    [LoggerMessage(EventId = HostingLogEvents.DatabaseRetentionDiffers, Level = LogLevel.Warning, Message = "InfluxDB at startup (EnsureDatabase): {Description}")]
    private static partial void LogRetentionDiffers(ILogger logger, string description);

    [LoggerMessage(EventId = HostingLogEvents.DatabaseEnsureFailed, Level = LogLevel.Error, Message = "InfluxDB at startup (EnsureDatabase): could not make sure '{Target}' exists; the host does not start.")]
    private static partial void LogEnsureFailed(ILogger logger, string target, Exception exception);
}
