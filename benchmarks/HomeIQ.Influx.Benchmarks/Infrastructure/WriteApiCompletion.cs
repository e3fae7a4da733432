using ClientWriteApi = InfluxDB.Client.WriteApi;
using ClientWriteErrorEvent = InfluxDB.Client.Writes.WriteErrorEvent;
using ClientWriteSuccessEvent = InfluxDB.Client.Writes.WriteSuccessEvent;

namespace HomeIQ.Influx.Benchmarks.Infrastructure;

/// <summary>
/// Tells when InfluxDB.Client's batching <c>WriteApi</c> has written a round of lines: it writes on a background thread
/// and says so only through its events, so a benchmark waits for the success events of every line it handed over.
/// </summary>
public sealed class WriteApiCompletion
{
    private readonly ManualResetEventSlim _done = new();
    private long _lines;
    private long _target;
    private Exception? _error;

    /// <summary>Listens to <paramref name="writeApi"/>'s events.</summary>
    public WriteApiCompletion(ClientWriteApi writeApi) => writeApi.EventHandler += OnEvent;

    /// <summary>Starts a round of <paramref name="lines"/> lines (before they are handed to the WriteApi).</summary>
    public void Start(long lines)
    {
        _done.Reset();
        _error = null;
        Interlocked.Exchange(ref _lines, 0);
        Interlocked.Exchange(ref _target, lines);
    }

    /// <summary>Waits until the round's lines are reported written; throws when a batch failed or 2 minutes pass.</summary>
    public void Wait()
    {
        if (!_done.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("WriteApi did not report all batches written within 2 minutes.");
        if (_error is not null) throw new InvalidOperationException("WriteApi reported a failed batch.", _error);
    }

    private void OnEvent(object? sender, EventArgs e)
    {
        switch (e)
        {
            case ClientWriteSuccessEvent success:
                var text = success.LineProtocol.AsSpan();
                long lines = text.Count('\n') + (text.Length > 0 && text[^1] != '\n' ? 1 : 0);
                if (Interlocked.Add(ref _lines, lines) >= Interlocked.Read(ref _target)) _done.Set();
                break;
            case ClientWriteErrorEvent error:
                _error = error.Exception;
                _done.Set();
                break;
        }
    }
}
