using System.Globalization;
using System.Net;
using HomeIQ.Influx.Client;

namespace HomeIQ.Influx.Writing.Reporting;

/// <summary>
/// Whether the server refuses the writer's configuration: 401, 403 or 404 to a write means every later batch would be
/// refused too. From the first such answer until a write succeeds, the writer is faulted: it logs the reason once at
/// error level, naming the setting; <c>WriteAsync</c> throws <see cref="InfluxWriteException"/> instead of buffering
/// more points; a flush stops waiting; and the batches it holds are sent again every retry interval.
/// </summary>
internal sealed class WriterFault
{
    private readonly WriteReporter _reporter;
    private readonly InfluxClientOptions _client;
    private readonly object _gate = new();
    private State? _state;
    private TaskCompletionSource _faulted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WriterFault(WriteReporter reporter, InfluxClientOptions client)
    {
        _reporter = reporter;
        _client = client;
    }

    /// <summary>Whether a status means the configuration is wrong (credentials, permission, database/bucket/org, address).</summary>
    public static bool IsConfigurationStatus(HttpStatusCode status) =>
        status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound;

    public bool IsFaulted => Volatile.Read(ref _state) is not null;

    /// <summary>Completes when the writer becomes faulted (at once if it is).</summary>
    public Task WhenFaulted
    {
        get
        {
            lock (_gate) return _faulted.Task;
        }
    }

    /// <summary>The status and the sentence naming the setting, while faulted.</summary>
    public (HttpStatusCode Status, string? ServerMessage, string Explanation)? Current =>
        Volatile.Read(ref _state) is { } s ? (s.Status, s.ServerMessage, s.Explanation) : null;

    /// <summary>The server refused the configuration; logged at error level when the writer was not faulted yet.</summary>
    public void Set(HttpStatusCode status, string? serverMessage)
    {
        State state;
        TaskCompletionSource faulted;
        lock (_gate)
        {
            if (_state is not null) return;
            state = new State(status, serverMessage, ProbeExplanation.ForWrite(status, serverMessage, _client));
            Volatile.Write(ref _state, state);
            faulted = _faulted;
        }
        // Logged before waiting flushes are told, so the log line is there when their exception is.
        WritingLog.WriterFaulted(_reporter.Logger, _reporter.Name, (int)status, state.Explanation, serverMessage);
        faulted.TrySetResult();
    }

    /// <summary>A write succeeded: the configuration works (again).</summary>
    public void Clear()
    {
        if (Volatile.Read(ref _state) is null) return;
        lock (_gate)
        {
            if (_state is null) return;
            _state = null;
            _faulted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        WritingLog.WriterRecovered(_reporter.Logger, _reporter.Name);
    }

    /// <summary>What <c>WriteAsync</c> throws while faulted (<see langword="null"/> when it is not): the points were not accepted.</summary>
    public InfluxWriteException? RefusalOrNull(long points, long held, TimeSpan retryEvery)
    {
        if (Volatile.Read(ref _state) is not { } s) return null;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Writer '{_reporter.Name}' is not accepting points: {s.Explanation} Server said: {Said(s.ServerMessage)}. ") +
            (points == 1 ? "The point was not accepted. " : string.Create(CultureInfo.InvariantCulture, $"The {points:N0} points were not accepted. ")) +
            string.Create(CultureInfo.InvariantCulture,
            $"The writer holds {held:N0} earlier points and sends them again every {retryEvery.TotalSeconds:0.###} s; it accepts points again once the server takes them.");
        return new InfluxWriteException(message, _reporter.Name, WriteFailureReason.Configuration, s.Status, s.ServerMessage, points);
    }

    /// <summary>What a flush throws when it stops waiting because of the fault.</summary>
    public InfluxWriteException FlushException(FlushResult result)
    {
        var s = Volatile.Read(ref _state);
        var explanation = s?.Explanation ?? "the server refused the writer's configuration.";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Writer '{_reporter.Name}' cannot write: {explanation} Server said: {Said(s?.ServerMessage)}. Since the last flush: {result}. ") +
            "The points still buffered are held and sent again until the server takes them or the writer is closed.";
        return new InfluxWriteException(message, _reporter.Name, WriteFailureReason.Configuration, s?.Status, s?.ServerMessage,
            result.Lost + result.StillBuffered, WriteReporter.LinesOf(result), result);
    }

    private static string Said(string? serverMessage) => serverMessage is null ? "(nothing)" : ServerErrorBody.Quote(serverMessage);

    private sealed record State(HttpStatusCode Status, string? ServerMessage, string Explanation);
}
