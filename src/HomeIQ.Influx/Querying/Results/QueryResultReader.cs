using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using HomeIQ.Influx.Querying.Results;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// Reads a query response row by row while it arrives, holding only the current row (no result is ever buffered whole).
/// Call <see cref="ReadAsync"/> until it returns <see langword="false"/>; read the current row through <see cref="Row"/>.
/// Disposing releases the response and the pooled buffers.
/// </summary>
public abstract class QueryResultReader : IAsyncDisposable, IDisposable
{
    private int _rowVersion;
    private int _disposed;

    private protected QueryResultReader()
    {
    }

    /// <summary>Creates a reader of an InfluxQL JSON response (<c>/query</c>; chunked or not, <c>epoch</c> set or not).</summary>
    /// <param name="stream">The response body.</param>
    /// <param name="ownsStream">Whether disposing the reader disposes <paramref name="stream"/>.</param>
    public static QueryResultReader CreateInfluxQL(Stream stream, bool ownsStream = true) => new InfluxQLJsonReader(stream, ownsStream, owner: null);

    /// <summary>Creates a reader of a Flux annotated CSV response (<c>/api/v2/query</c>).</summary>
    /// <param name="stream">The response body.</param>
    /// <param name="ownsStream">Whether disposing the reader disposes <paramref name="stream"/>.</param>
    public static QueryResultReader CreateFluxCsv(Stream stream, bool ownsStream = true) => new FluxCsvReader(stream, ownsStream, owner: null);

    /// <summary>The current row. Valid until the next <see cref="ReadAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">There is no current row.</exception>
    public QueryRow Row
    {
        get
        {
            if (!HasRow) throw new InvalidOperationException("There is no current row; call ReadAsync first and check that it returned true.");
            return new QueryRow(this, _rowVersion);
        }
    }

    /// <summary>The number of columns of the current row (for InfluxQL, the series' tags count as columns after the others).</summary>
    public int ColumnCount => Columns?.Count ?? 0;

    /// <summary>The InfluxQL series name (the measurement) of the current row, or <see langword="null"/> for Flux.</summary>
    public virtual string? SeriesName => null;

    /// <summary>How many rows have been read so far.</summary>
    public long RowCount { get; private set; }

    private protected QueryColumns? Columns { get; set; }

    private protected bool HasRow { get; set; }

    internal int RowVersion => _rowVersion;

    /// <summary>Advances to the next row, reading more of the response when needed.</summary>
    /// <returns><see langword="true"/> when a row is available; <see langword="false"/> at the end of the response.</returns>
    /// <exception cref="InfluxQueryException">The server reported an error in the response, or the response is malformed.</exception>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        HasRow = false;
        _rowVersion++;
        // Most rows are already buffered: answer them without an async state machine (which a Debug build allocates).
        var step = Advance();
        if (step == Step.Row) return new ValueTask<bool>(OnRow());
        if (step == Step.End) return new ValueTask<bool>(false);
        return ReadMoreAsync(cancellationToken);
    }

    private async ValueTask<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
            var step = Advance();
            if (step == Step.Row) return OnRow();
            if (step == Step.End) return false;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private bool OnRow()
    {
        HasRow = true;
        RowCount++;
        return true;
    }

    /// <summary>Reads every remaining row as <typeparamref name="T"/>, one at a time as they arrive.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IQueryableMeasurement<T>
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return ReadCurrent<T>();
    }

    /// <summary>Maps the current row to <typeparamref name="T"/>.</summary>
    public T ReadCurrent<T>() where T : IQueryableMeasurement<T>
    {
        var row = Row;
        return T.ReadRow(in row);
    }

    /// <summary>The name of column <paramref name="ordinal"/>.</summary>
    public string GetName(int ordinal) => Columns is { } c && (uint)ordinal < (uint)c.Count ? c.Names[ordinal] : throw new ArgumentOutOfRangeException(nameof(ordinal));

    /// <summary>The ordinal of the column named <paramref name="name"/>, or -1. <c>time</c> also finds Flux's <c>_time</c>.</summary>
    public int GetOrdinal(string name) => Columns?.IndexOf(name) ?? -1;

    /// <summary>Releases the response and the buffers.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        DisposeCore();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private protected enum Step { Row, End, NeedData }

    /// <summary>Parses what is buffered: a row, the end, or a request for more data (nothing is consumed then).</summary>
    private protected abstract Step Advance();

    private protected abstract ValueTask FillAsync(CancellationToken cancellationToken);

    private protected abstract void DisposeCore();

    // Every QueryRow call goes through here: the throw lives in a helper so the JIT inlines the check.
    internal QueryColumns CurrentColumns(int version)
    {
        if (version != _rowVersion || !HasRow) ThrowRowNotCurrent();
        return Columns!;
    }

    [DoesNotReturn]
    private static void ThrowRowNotCurrent() =>
        throw new InvalidOperationException("The row is no longer current: a QueryRow is valid only until the next ReadAsync.");

    internal abstract ValueKind GetKind(int ordinal);

    /// <summary>The value's text as UTF-8, unescaped; valid until the next call.</summary>
    internal abstract ReadOnlySpan<byte> GetUtf8(int ordinal);

    /// <summary>
    /// The value's kind and, unless it is null, its text (as <see cref="GetUtf8"/>): the typed getters need both, and one
    /// virtual call is cheaper than two (inside the sealed readers, GetKind and GetUtf8 are direct calls).
    /// </summary>
    internal abstract ValueKind GetValue(int ordinal, out ReadOnlySpan<byte> text);

    /// <summary>The value as a string, in one virtual call: an existing string where the reader has one (InfluxQL series tags), else the text decoded.</summary>
    internal abstract string GetStringValue(int ordinal);
}
