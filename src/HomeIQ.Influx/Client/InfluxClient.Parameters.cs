using System.Runtime.CompilerServices;
using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx;

public sealed partial class InfluxClient
{
    /// <summary>
    /// Sends an InfluxQL query whose values travel as bound parameters: the text names them <c>$name</c> and the server
    /// binds each from <paramref name="parameters"/> (the <c>params</c> form field of <c>/query</c>), so no value can
    /// change the query. Otherwise as <see cref="QueryInfluxQLAsync(string, InfluxQLQueryOptions?, CancellationToken)"/>.
    /// </summary>
    /// <param name="query">The InfluxQL text with <c>$name</c> placeholders, e.g. <c>SELECT * FROM climate WHERE room = $room</c>.</param>
    /// <param name="parameters">The values, by name (see <see cref="InfluxQLParameters"/> for what a parameter can stand for).</param>
    /// <param name="options">Database, retention policy and chunking; the client's options when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request and the reading.</param>
    /// <exception cref="InfluxQueryException">The server rejected the query, e.g. <c>missing parameter: room</c> when the text names a parameter that is not set.</exception>
    /// <exception cref="TimeoutException">The server did not answer within <see cref="InfluxClientOptions.Timeout"/> (on the last attempt).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    public Task<QueryResultReader> QueryInfluxQLAsync(string query, InfluxQLParameters parameters, InfluxQLQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return QueryInfluxQLCoreAsync(query, parameters.Count == 0 ? null : parameters.ToJson(), options, cancellationToken);
    }

    /// <summary>Sends an InfluxQL query with bound parameters and streams its rows as <typeparamref name="T"/> (see <see cref="QueryInfluxQLAsync(string, InfluxQLParameters, InfluxQLQueryOptions?, CancellationToken)"/>).</summary>
    public async IAsyncEnumerable<T> QueryInfluxQLAsync<T>(string query, InfluxQLParameters parameters, InfluxQLQueryOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IQueryableMeasurement<T>
    {
        var reader = await QueryInfluxQLAsync(query, parameters, options, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                yield return reader.ReadCurrent<T>();
        }
    }
}
