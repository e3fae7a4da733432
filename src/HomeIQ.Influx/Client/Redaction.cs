namespace HomeIQ.Influx.Client;

/// <summary>Keeps secrets out of the text this library produces (exception messages, check descriptions).</summary>
internal static class Redaction
{
    /// <summary>Replaces the user-info part of an address (<c>http://user:pass@host</c>) with <c>***</c>.</summary>
    public static string RedactUserInfo(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int at = url.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? string.Concat(url.AsSpan(0, scheme + 3), "***", url.AsSpan(at)) : url;
    }

    /// <summary>
    /// Removes the token and password from text that quotes a server's answer, in case a proxy or server echoes a header
    /// back. The client's own messages never contain them.
    /// </summary>
    public static string Scrub(string text, InfluxClientOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token)) text = text.Replace(options.Token, "***", StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(options.Password)) text = text.Replace(options.Password, "***", StringComparison.Ordinal);
        return text;
    }

    /// <summary>A secret as <c>***</c>, or <c>(none)</c>, for <c>ToString()</c>.</summary>
    public static string Secret(string? secret) => secret is null ? "(none)" : "***";
}
