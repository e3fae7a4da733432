using System.Globalization;
using HomeIQ.Influx.Client;
using HomeIQ.Influx.Common;

namespace HomeIQ.Influx;

/// <summary>
/// How to reach one InfluxDB server. Bind it from configuration, build it in code, or read it with
/// <see cref="FromEnvironment"/>. Secrets (<see cref="Token"/>, <see cref="Password"/>) are sent only in headers and
/// never appear in <see cref="ToString"/>.
/// </summary>
public sealed class InfluxClientOptions
{
    /// <summary>The default request timeout (10 s).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The server's base address, e.g. <c>http://localhost:8086</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>An API token (v2/v3, or v1.8+ <c>user:password</c> tokens). Sent as <c>Authorization: Token ...</c>.</summary>
    public string? Token { get; set; }

    /// <summary>A v1 user name (Basic auth, with <see cref="Password"/>).</summary>
    public string? Username { get; set; }

    /// <summary>A v1 password (Basic auth, with <see cref="Username"/>).</summary>
    public string? Password { get; set; }

    /// <summary>The organization (v2).</summary>
    public string? Org { get; set; }

    /// <summary>The bucket (v2). For v1 and v3, <see cref="Database"/> is used, falling back to this.</summary>
    public string? Bucket { get; set; }

    /// <summary>The database (v1, v3). For v2, <see cref="Bucket"/> is used, falling back to this.</summary>
    public string? Database { get; set; }

    /// <summary>The retention policy (v1 only); the database's default when <see langword="null"/>.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>The timeout of one HTTP request (each retry gets its own). Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// Retry, circuit-breaker and per-attempt timeout for queries (built once per <see cref="InfluxClient"/>, so all its
    /// queries share one circuit breaker). Retried: 429 (honouring <c>Retry-After</c>), 408, 500, 502, 503, 504, timeouts
    /// and connection failures, with exponential backoff and jitter; never 400, 401, 403 or 404. Only sending the
    /// request up to the response headers is retried: once rows have reached the caller nothing is resent. While the
    /// circuit is open queries fail at once. Defaults suit a caller who is waiting: 3 retries from 0.5 s up to 5 s
    /// apart, at most 30 s in all, and the circuit opens when half of at least 10 attempts in 30 s fail.
    /// <see langword="null"/> turns retries and the circuit breaker off (each attempt still has
    /// <see cref="Timeout"/>).
    /// </summary>
    public InfluxResilienceOptions? QueryResilience { get; set; } = CreateQueryResilienceDefaults();

    /// <summary>The HTTP API to use. Default <see cref="InfluxApiVersion.V2"/>.</summary>
    public InfluxApiVersion Api { get; set; } = InfluxApiVersion.V2;

    /// <summary>Whether to gzip write bodies (the server must accept <c>Content-Encoding: gzip</c>; all versions do).</summary>
    public bool Gzip { get; set; }

    /// <summary>Whether to accept any TLS certificate. Off by default; turning it on logs a warning.</summary>
    public bool DangerousAcceptAnyServerCertificate { get; set; }

    /// <summary>The database or bucket that writes and queries target for this API version.</summary>
    public string? Target => Api == InfluxApiVersion.V2 ? Bucket ?? Database : Database ?? Bucket;

    /// <summary>
    /// Reads <c>INFLUXDB_URL</c> (required), <c>INFLUXDB_TOKEN</c>, <c>INFLUXDB_ORG</c>, <c>INFLUXDB_BUCKET</c> or
    /// <c>INFLUXDB_DATABASE</c>, <c>INFLUXDB_TIMEOUT</c> (milliseconds), and optionally <c>INFLUXDB_USERNAME</c>,
    /// <c>INFLUXDB_PASSWORD</c>, <c>INFLUXDB_RETENTION_POLICY</c>, <c>INFLUXDB_API</c> (<c>v1</c>, <c>v2</c>, <c>v3</c>)
    /// and <c>INFLUXDB_GZIP</c> (<c>true</c>/<c>false</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable is missing or malformed; the message names it (never its secret value).</exception>
    public static InfluxClientOptions FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>Like <see cref="FromEnvironment"/>, reading variables through <paramref name="getVariable"/> (for tests and custom sources).</summary>
    /// <exception cref="InvalidOperationException">A variable is missing or malformed; the message names it (never its secret value).</exception>
    public static InfluxClientOptions FromVariables(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var options = new InfluxClientOptions();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(getVariable("INFLUXDB_URL")))
            problems.Add("INFLUXDB_URL is not set; set it to the server's address, e.g. http://localhost:8086.");
        problems.AddRange(options.ApplyVariables(getVariable));
        OptionsProblems.ThrowIfAnyInConfiguration(problems, "INFLUXDB_* environment variables");
        return options;
    }

    /// <summary>
    /// Overrides each setting whose <c>INFLUXDB_*</c> variable (see <see cref="FromEnvironment"/>) is set and not empty,
    /// and returns the problems of malformed ones (whose settings are left as they were), each naming the variable and
    /// its value (never a secret). This is how configuration-bound options let the environment win.
    /// </summary>
    /// <param name="getVariable">Reads one variable, e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <returns>The problems found; empty when every variable that is set is well-formed.</returns>
    public IReadOnlyList<string> ApplyVariables(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var problems = new List<string>();
        string? Read(string name) => getVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
        if (Read("INFLUXDB_URL") is { } url)
        {
            if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)) Url = uri;
            else problems.Add($"INFLUXDB_URL is not an absolute http(s) address: '{Redaction.RedactUserInfo(url)}'.");
        }
        if (Read("INFLUXDB_TOKEN") is { } token) Token = token;
        if (Read("INFLUXDB_USERNAME") is { } username) Username = username;
        if (Read("INFLUXDB_PASSWORD") is { } password) Password = password;
        if (Read("INFLUXDB_ORG") is { } org) Org = org;
        if (Read("INFLUXDB_BUCKET") is { } bucket) Bucket = bucket;
        if (Read("INFLUXDB_DATABASE") is { } database) Database = database;
        if (Read("INFLUXDB_RETENTION_POLICY") is { } rp) RetentionPolicy = rp;
        if (Read("INFLUXDB_TIMEOUT") is { } timeout)
        {
            if (int.TryParse(timeout.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0) Timeout = TimeSpan.FromMilliseconds(ms);
            else problems.Add($"INFLUXDB_TIMEOUT must be a positive whole number of milliseconds, not '{timeout}'.");
        }
        if (Read("INFLUXDB_API") is { } api)
        {
            InfluxApiVersion? version = api.Trim().ToLowerInvariant() switch
            {
                "v1" or "1" => InfluxApiVersion.V1,
                "v2" or "2" => InfluxApiVersion.V2,
                "v3" or "3" => InfluxApiVersion.V3,
                _ => null,
            };
            if (version is { } v) Api = v;
            else problems.Add($"INFLUXDB_API must be v1, v2 or v3, not '{api}'.");
        }
        if (Read("INFLUXDB_GZIP") is { } gzip)
        {
            if (bool.TryParse(gzip.Trim(), out var g)) Gzip = g;
            else problems.Add($"INFLUXDB_GZIP must be true or false, not '{gzip}'.");
        }
        return problems;
    }

    /// <summary>Checks that the options can work and returns the problems, each naming its setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Url is null) problems.Add("Url is required (INFLUXDB_URL), e.g. http://localhost:8086.");
        else if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps)) problems.Add("Url must be an absolute http or https address.");
        else if (!string.IsNullOrEmpty(Url.UserInfo)) problems.Add("Url must not contain credentials; use Token or Username/Password.");
        if (Timeout <= TimeSpan.Zero) problems.Add($"Timeout must be positive, not {Timeout}.");
        if (Username is not null ^ Password is not null) problems.Add("Username and Password go together: set both or neither.");
        if (Api == InfluxApiVersion.V2 && string.IsNullOrEmpty(Org)) problems.Add("Org is required for the v2 API (INFLUXDB_ORG).");
        if (QueryResilience is not null) problems.AddRange(QueryResilience.Validate().Select(p => "QueryResilience." + p));
        if (string.IsNullOrEmpty(Target)) problems.Add(Api == InfluxApiVersion.V2 ? "Bucket is required for the v2 API (INFLUXDB_BUCKET)." : "Database is required (INFLUXDB_DATABASE).");
        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="InvalidOperationException">The options are not usable; the message lists every problem.</exception>
    public void EnsureValid()
    {
        OptionsProblems.ThrowIfAnyInConfiguration(Validate(), nameof(InfluxClientOptions));
    }

    /// <summary>A copy of these options.</summary>
    public InfluxClientOptions Clone()
    {
        var copy = (InfluxClientOptions)MemberwiseClone();
        copy.QueryResilience = QueryResilience?.Clone();
        return copy;
    }

    /// <summary>The default <see cref="QueryResilience"/>: shorter than a writer's, since a caller waits for the rows.</summary>
    public static InfluxResilienceOptions CreateQueryResilienceDefaults() => new()
    {
        MaxRetryAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(500),
        MaxRetryDelay = TimeSpan.FromSeconds(5),
        MaxTotalRetryTime = TimeSpan.FromSeconds(30),
    };

    /// <summary>The options with secrets redacted.</summary>
    public override string ToString() =>
        $"InfluxClientOptions {{ Url = {Url}, Api = {Api}, Org = {Org}, Bucket = {Bucket}, Database = {Database}, " +
        $"RetentionPolicy = {RetentionPolicy}, Timeout = {Timeout}, Gzip = {Gzip}, Token = {Redaction.Secret(Token)}, " +
        $"Username = {Username}, Password = {Redaction.Secret(Password)} }}";
}
