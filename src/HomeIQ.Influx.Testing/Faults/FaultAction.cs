namespace HomeIQ.Influx.Testing;

/// <summary>The kinds of <see cref="FaultAction"/>.</summary>
public enum FaultActionKind
{
    /// <summary>Forward the request upstream and relay the answer.</summary>
    Forward,
    /// <summary>Answer with a fixed status, body and headers without asking upstream.</summary>
    Respond,
    /// <summary>Reset the connection without answering.</summary>
    Drop,
    /// <summary>Forward the request (so upstream applies it), then reset the connection without answering.</summary>
    ForwardThenDrop,
    /// <summary>Keep the connection open without answering for a while, then close it.</summary>
    Stall,
    /// <summary>Hold the request until a gate completes, then forward it.</summary>
    ForwardAfter,
    /// <summary>Forward, then send the headers and only part of the body, and close.</summary>
    ForwardTruncated,
}

/// <summary>What a <see cref="FaultInjectingProxy"/> does with one request. Create one with the static members.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Status">For <see cref="FaultActionKind.Respond"/>, the HTTP status to answer with; for
/// <see cref="FaultActionKind.ForwardTruncated"/>, how many body bytes to send.</param>
/// <param name="Body">For <see cref="FaultActionKind.Respond"/>, the body to answer with.</param>
/// <param name="Headers">For <see cref="FaultActionKind.Respond"/>, extra headers (for example <c>Retry-After</c>).</param>
/// <param name="Stall">For <see cref="FaultActionKind.Stall"/>, how long to hold the connection.</param>
/// <param name="Gate">For <see cref="FaultActionKind.ForwardAfter"/>, the task whose completion releases the request.</param>
public sealed record FaultAction(FaultActionKind Kind, int Status = 0, string Body = "", IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Stall = default, Task? Gate = null)
{
    /// <summary>Forwards the request upstream and relays the answer unchanged.</summary>
    public static readonly FaultAction Forward = new(FaultActionKind.Forward);

    /// <summary>Resets the connection without answering, like a server that crashed before reading.</summary>
    public static readonly FaultAction Drop = new(FaultActionKind.Drop);

    /// <summary>Forwards the request (upstream applies it), then resets the connection: the client never learns it succeeded.</summary>
    public static readonly FaultAction ForwardThenDrop = new(FaultActionKind.ForwardThenDrop);

    /// <summary>Answers with <paramref name="status"/>, <paramref name="body"/> and <paramref name="headers"/> (for example
    /// <c>("Retry-After", "2")</c>) without asking upstream.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="body">The response body (UTF-8).</param>
    /// <param name="headers">Extra response headers.</param>
    /// <returns>The action.</returns>
    public static FaultAction Respond(int status, string body = "", params (string Name, string Value)[] headers) =>
        new(FaultActionKind.Respond, status, body, headers.ToDictionary(h => h.Name, h => h.Value));

    /// <summary>Holds the connection open without answering for <paramref name="stall"/>, then closes it.</summary>
    /// <param name="stall">How long to stall.</param>
    /// <returns>The action.</returns>
    public static FaultAction StallFor(TimeSpan stall) => new(FaultActionKind.Stall, Stall: stall);

    /// <summary>Forwards, then sends the headers (with the full Content-Length) and the first <paramref name="bytes"/>
    /// bytes of the body, and closes: a response that broke off mid-stream.</summary>
    /// <param name="bytes">How many body bytes to send before closing.</param>
    /// <returns>The action.</returns>
    public static FaultAction ForwardTruncated(int bytes) => new(FaultActionKind.ForwardTruncated, Status: bytes);

    /// <summary>Holds the request until <paramref name="gate"/> completes, then forwards it.</summary>
    /// <param name="gate">The task whose completion releases the request.</param>
    /// <returns>The action.</returns>
    public static FaultAction ForwardAfter(Task gate) => new(FaultActionKind.ForwardAfter, Gate: gate);
}

/// <summary>One request as a <see cref="FaultInjectingProxy"/> saw it (body decompressed when it was gzipped).</summary>
/// <param name="Number">1-based order in which the proxy read the request.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The request target, path and query.</param>
/// <param name="Headers">The request headers (case-insensitive names).</param>
/// <param name="RawBody">The body bytes as sent (possibly gzipped).</param>
/// <param name="Body">The body as text, decompressed.</param>
public sealed record ProxiedRequest(int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] RawBody, string Body)
{
    /// <summary>The body's lines of line protocol.</summary>
    public string[] Lines => Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
