namespace HomeIQ.Influx;

/// <summary>
/// A schema operation (ensure, list, delete) failed: the server refused it or answered something unexpected. The
/// message names the operation, the database or bucket, what the server said, and what to check. It never holds a secret.
/// </summary>
public sealed class InfluxSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InfluxSchemaException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InfluxSchemaException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public InfluxSchemaException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception from the server's answer.</summary>
    public InfluxSchemaException(string message, int? statusCode, string? serverMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status of the answer (200 when InfluxQL reported the error inside a successful answer), or <see langword="null"/>.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's error text, or <see langword="null"/>.</summary>
    public string? ServerMessage { get; }
}
