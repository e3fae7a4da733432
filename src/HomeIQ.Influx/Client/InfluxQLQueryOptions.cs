namespace HomeIQ.Influx.Querying;

/// <summary>Per-call settings of an InfluxQL query. Times always come back as Unix nanoseconds (<c>epoch=ns</c>).</summary>
public sealed class InfluxQLQueryOptions
{
    /// <summary>The database; <see cref="InfluxClientOptions.Target"/> when <see langword="null"/>.</summary>
    public string? Database { get; init; }

    /// <summary>The retention policy; <see cref="InfluxClientOptions.RetentionPolicy"/> when <see langword="null"/>.</summary>
    public string? RetentionPolicy { get; init; }

    /// <summary>
    /// Whether the server streams the result in chunks (<c>chunked=true</c>) instead of building one JSON document;
    /// on by default so a large result never has to fit in the server's memory or ours.
    /// </summary>
    public bool Chunked { get; init; } = true;

    /// <summary>Points per chunk (<c>chunk_size</c>); the server's default (10,000) when <see langword="null"/>.</summary>
    public int? ChunkSize { get; init; }
}
