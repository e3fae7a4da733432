using Polly;

namespace HomeIQ.Influx;

public sealed partial class InfluxClient
{
    /// <summary>
    /// Sends a request built by <paramref name="requestFactory"/> (with this client's credentials, see
    /// <see cref="CreateRequest(HttpMethod, string)"/>) through <paramref name="pipeline"/>; writers and queries share this path so they get
    /// the same retry, circuit-breaker, timeout and tracing behaviour. Build the pipeline once with
    /// <see cref="InfluxResiliencePipeline.Create"/> and keep it (the circuit breaker's state lives in it).
    /// </summary>
    internal Task<HttpResponseMessage> SendAsync(ResiliencePipeline<HttpResponseMessage> pipeline, Func<HttpRequestMessage> requestFactory,
        string operation, CancellationToken cancellationToken) =>
        InfluxResiliencePipeline.SendAsync(pipeline, Http, requestFactory, operation, writer: null, cancellationToken);
}
