namespace HomeIQ.Influx.Querying;

/// <summary>
/// The server rejected a query or reported an error while streaming its result (InfluxQL <c>"error"</c> in the JSON,
/// a Flux error table, or a non-success HTTP status). <see cref="Exception.Message"/> carries the server's own message.
/// </summary>
public class InfluxQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InfluxQueryException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InfluxQueryException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public InfluxQueryException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception from the server's answer.</summary>
    public InfluxQueryException(string message, int? statusCode, string? serverMessage, string? reference = null)
        : base(message)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        Reference = reference;
    }

    /// <summary>The HTTP status of the response (200 when the error came inside a successful response).</summary>
    public int? StatusCode { get; }

    /// <summary>The error text exactly as the server sent it.</summary>
    public string? ServerMessage { get; }

    /// <summary>The reference code of a Flux error table, when the server sent one.</summary>
    public string? Reference { get; }
}

/// <summary>
/// A column's value could not be converted to the member it maps to. The message names the column, the member, the
/// expected type and the value (cut to 100 characters).
/// </summary>
public sealed class InfluxRowMappingException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public InfluxRowMappingException(string column, string? member, string targetType, string? value)
        : base($"Cannot read column '{column}'{(member is null ? "" : $" into member '{member}'")} as {targetType}: the value is {Describe(value)}.")
    {
        Column = column;
        Member = member;
        TargetType = targetType;
        Value = value;
    }

    /// <summary>The column name in the response.</summary>
    public string Column { get; }

    /// <summary>The member the column maps to (e.g. <c>SensorReading.Temperature</c>), when known.</summary>
    public string? Member { get; }

    /// <summary>The .NET type the value was read as.</summary>
    public string TargetType { get; }

    /// <summary>The value's text as the server sent it (<see langword="null"/> for a JSON object or array).</summary>
    public string? Value { get; }

    private static string Describe(string? value) => value is null ? "not a scalar" : value.Length > 100 ? $"'{value[..100]}…'" : $"'{value}'";
}
