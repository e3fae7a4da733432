using HomeIQ.Influx;
using HomeIQ.Influx.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// In the DI namespace, like the framework's own Add* methods, so `services.AddInflux(...)` needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers HomeIQ.Influx with a service collection: validated options, the one <see cref="InfluxClient"/>, and typed writers.</summary>
public static class InfluxServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <c>IHttpClientFactory</c> client the registered <see cref="InfluxClient"/> sends through:
    /// <c>HomeIQ.Influx</c>. <c>AddInflux</c> returns its builder; <c>services.AddHttpClient(HttpClientName)</c> returns it
    /// again anywhere else.
    /// </summary>
    public const string HttpClientName = "HomeIQ.Influx";

    /// <summary>
    /// Binds <see cref="InfluxClientOptions"/> from <paramref name="configuration"/> (typically
    /// <c>builder.Configuration.GetSection("InfluxDB")</c>), lets the <c>INFLUXDB_*</c> environment variables override
    /// it (<c>INFLUXDB_URL</c>, <c>_TOKEN</c>, <c>_USERNAME</c>, <c>_PASSWORD</c>, <c>_ORG</c>, <c>_BUCKET</c>,
    /// <c>_DATABASE</c>, <c>_RETENTION_POLICY</c>, <c>_TIMEOUT</c> in milliseconds, <c>_API</c>, <c>_GZIP</c>), validates
    /// the result when the host starts, and registers one <see cref="InfluxClient"/> singleton.
    /// </summary>
    /// <remarks>
    /// Keys are the option names: <c>Url</c>, <c>Token</c>, <c>Username</c>, <c>Password</c>, <c>Org</c>, <c>Bucket</c>,
    /// <c>Database</c>, <c>RetentionPolicy</c>, <c>Timeout</c> (a <see cref="TimeSpan"/>, e.g. <c>"00:00:05"</c>),
    /// <c>Api</c> (<c>V1</c>, <c>V2</c>, <c>V3</c>), <c>Gzip</c>, <c>DangerousAcceptAnyServerCertificate</c>. Binding uses
    /// the configuration binder source generator, so it works trimmed and under NativeAOT. Validation messages name the
    /// setting by its full key (e.g. <c>InfluxDB:Url is required ...</c>) and never contain a secret.
    /// </remarks>
    /// <returns>The builder of the <see cref="HttpClientName"/> client, to add handlers (<c>.AddHttpMessageHandler</c>),
    /// a proxy or client certificates (<c>.ConfigurePrimaryHttpMessageHandler((handler, sp) =&gt; ...)</c>, which keeps the
    /// client's defaults) the standard way; its <c>Services</c> is <paramref name="services"/>.</returns>
    public static IHttpClientBuilder AddInflux(this IServiceCollection services, IConfiguration configuration) =>
        services.AddInflux(configuration, Environment.GetEnvironmentVariable);

    /// <summary>
    /// Like <see cref="AddInflux(IServiceCollection, IConfiguration)"/>, reading the <c>INFLUXDB_*</c> variables through
    /// <paramref name="getEnvironmentVariable"/> instead of the process environment (for tests and custom sources).
    /// </summary>
    /// <returns>The builder of the <see cref="HttpClientName"/> client (see <see cref="AddInflux(IServiceCollection, IConfiguration)"/>).</returns>
    public static IHttpClientBuilder AddInflux(this IServiceCollection services, IConfiguration configuration, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var environment = new InfluxEnvironmentOverrides(getEnvironmentVariable);
        // Bind is intercepted by the configuration binder source generator (EnableConfigurationBindingGenerator).
        services.AddOptions<InfluxClientOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<InfluxClientOptions>>(environment);
        // The same section holds the startup settings (EnsureDatabase, DatabaseRetention).
        services.AddOptions<InfluxStartupOptions>().Bind(configuration);
        var sectionPath = configuration is IConfigurationSection section ? section.Path : null;
        return services.AddInfluxCore(new InfluxClientOptionsValidator(sectionPath, environment));
    }

    /// <summary>
    /// Configures <see cref="InfluxClientOptions"/> in code, validates them when the host starts, and registers one
    /// <see cref="InfluxClient"/> singleton. Environment variables are not read here: to honour them, pass
    /// <see cref="InfluxClientOptions.FromEnvironment"/>'s values yourself or use
    /// <see cref="AddInflux(IServiceCollection, IConfiguration)"/>.
    /// </summary>
    /// <returns>The builder of the <see cref="HttpClientName"/> client (see <see cref="AddInflux(IServiceCollection, IConfiguration)"/>).</returns>
    public static IHttpClientBuilder AddInflux(this IServiceCollection services, Action<InfluxClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<InfluxClientOptions>().Configure(configure).ValidateOnStart();
        return services.AddInfluxCore(new InfluxClientOptionsValidator(sectionPath: null, environment: null));
    }

    /// <summary>
    /// Registers the standard writer for <typeparamref name="T"/> (a <see cref="MeasurementWriter{T}"/> on the registered
    /// <see cref="InfluxClient"/>, serializing through the generated <see cref="ILineProtocolPoint{T}"/> code) as an
    /// <see cref="IMeasurementWriter{T}"/> singleton, closed when the host stops, within the host's shutdown timeout, with
    /// a log line per writer that did not deliver every point. Call <c>AddInflux</c> as well.
    /// </summary>
    /// <remarks>
    /// <see cref="WriteOptions.FlushOnProcessExit"/> is off for these writers before <paramref name="configure"/> runs: the
    /// host's own shutdown (on Ctrl-C and SIGTERM too) flushes them, and a second flush in the signal handler would run
    /// before the host's and stretch the shutdown past its timeout.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the writer's <see cref="WriteOptions"/> (batch size, flush interval, buffer,
    /// retries); <see cref="WriteOptions.Name"/> (the <c>writer</c> tag of the metrics) defaults to the measurement
    /// name. Called once, at registration.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="ArgumentException">The configured options are invalid (the message names the setting and value).</exception>
    public static IServiceCollection AddMeasurementWriter<T>(this IServiceCollection services, Action<WriteOptions>? configure = null)
        where T : ILineProtocolPoint<T>
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new WriteOptions { FlushOnProcessExit = false };
        configure?.Invoke(options);
        // Checked here so a bad setting fails at startup code, not on the first resolve deep inside a request.
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            // The core's convention for invalid options: "Invalid {what}: {problem} {problem}", each naming its setting and value.
            throw new ArgumentException(
                $"Invalid WriteOptions for AddMeasurementWriter<{typeof(T).Name}>: {string.Join(" ", problems)}", nameof(configure));
        }
        return services.AddMeasurementWriter<T>(sp => new MeasurementWriter<T>(sp.GetRequiredService<InfluxClient>(), options));
    }

    /// <summary>
    /// Registers a writer for <typeparamref name="T"/> as an <see cref="IMeasurementWriter{T}"/> singleton, created by
    /// <paramref name="factory"/> on first use and disposed by the container. When the host stops, after every other
    /// hosted service has stopped, every writer that was created is brought to rest within the host's shutdown timeout,
    /// so points written during shutdown are sent: a <see cref="MeasurementWriter{T}"/> is closed
    /// (<see cref="MeasurementWriter{T}.CloseAsync"/>), another writer flushed; what was not delivered is logged per writer
    /// with its count, and nothing is thrown out of the host's stop. Registering the same <typeparamref name="T"/> again
    /// replaces the factory.
    /// </summary>
    /// <remarks>A <see cref="MeasurementWriter{T}"/> the factory creates should have <see cref="WriteOptions.FlushOnProcessExit"/> off, as <see cref="AddMeasurementWriter{T}(IServiceCollection, Action{WriteOptions}?)"/> does: the host flushes it.</remarks>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddMeasurementWriter<T>(this IServiceCollection services, Func<IServiceProvider, IMeasurementWriter<T>> factory)
        where T : ILineProtocolPoint<T>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        if (!services.Any(d => d.ServiceType == typeof(MeasurementWriterHandle<T>)))
        {
            // Factories rather than types everywhere: nothing here is activated by reflection (NativeAOT, value-type T).
            services.AddSingleton(static _ => new MeasurementWriterHandle<T>());
            services.AddSingleton<IMeasurementWriterHandle>(static sp => sp.GetRequiredService<MeasurementWriterHandle<T>>());
        }
        services.RemoveAll<IMeasurementWriter<T>>();
        services.AddSingleton<IMeasurementWriter<T>>(sp =>
        {
            var writer = factory(sp) ?? throw new InvalidOperationException(
                $"The factory registered with AddMeasurementWriter<{typeof(T).Name}> returned null.");
            sp.GetRequiredService<MeasurementWriterHandle<T>>().Created(writer);
            return writer;
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InfluxWriterFlushService>(static sp =>
            new InfluxWriterFlushService(sp.GetServices<IMeasurementWriterHandle>(), sp.GetService<ILogger<InfluxWriterFlushService>>())));
        return services;
    }

    private static IHttpClientBuilder AddInfluxCore(this IServiceCollection services, InfluxClientOptionsValidator validator)
    {
        // One validator even when AddInflux is called twice (TryAddEnumerable keys on the implementation type).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InfluxClientOptions>>(validator));
        // The client sends through IHttpClientFactory, so handlers, proxies and certificates are configured the standard
        // way. The primary handler is the client's own (InfluxClient.CreateHttpMessageHandler: no redirects, gzip,
        // connections recycled every 5 minutes): the factory's default would follow redirects and never decompress.
        // The client is a singleton that keeps its HttpClient, so the factory's handler rotation would never reach it;
        // the pooled connection lifetime is what sees DNS changes, and the rotation is switched off.
        var http = services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static sp => InfluxClient.CreateHttpMessageHandler(sp.GetRequiredService<IOptions<InfluxClientOptions>>().Value))
            // Per-request timeouts come from InfluxClientOptions.Timeout (each retry gets its own), not HttpClient.Timeout.
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        // The container creates the client once and disposes it (the factory owns the handlers).
        services.TryAddSingleton(static sp => new InfluxClient(
            sp.GetRequiredService<IOptions<InfluxClientOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InfluxStartupService>(static sp => new InfluxStartupService(
            sp.GetRequiredService<IOptions<InfluxStartupOptions>>(), sp.GetRequiredService<InfluxClient>, sp.GetService<ILogger<InfluxStartupService>>())));
        return http;
    }
}
