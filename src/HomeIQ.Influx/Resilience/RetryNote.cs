namespace HomeIQ.Influx.Resilience;

/// <summary>
/// The last failed attempt a caller's requests met, kept by one writer for its messages: a flush that gives up can then
/// say why the server has not taken the points (for example "HttpRequestException: Connection refused") even to a user
/// who attached no logger. One object per writer, set on retries only.
/// </summary>
internal sealed class RetryNote
{
    private string? _last;

    /// <summary>The last failed attempt, as the retry log describes it (status or exception type and message; never a header).</summary>
    public string? Last
    {
        get => Volatile.Read(ref _last);
        set => Volatile.Write(ref _last, value);
    }
}
